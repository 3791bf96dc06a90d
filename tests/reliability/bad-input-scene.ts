/**
 * The cast the bad-input test throws events at: client A on Telegram and client B on Discord (both
 * consented, A mid-check-in), their therapist on Telegram, a stranger on each platform, and an engine
 * whose every log line is captured so the test can look for leaked text.
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient } from "../../src/db/repos/people.js";
import { Engine } from "../../src/engine/engine.js";
import { ChatUser, createHarness, type Harness, prompts, seedPractice } from "../helpers/harness.js";
import type { DiscordSender, TelegramSender } from "./platform-shapes.js";
import { TableWrites } from "./table-writes.js";

export type Who = "clientA" | "clientB" | "therapist" | "strangerT" | "strangerD";
export const everyone: Who[] = ["clientA", "clientB", "therapist", "strangerT", "strangerD"];

export const senders: Record<
  Who,
  { platform: "telegram"; user: TelegramSender } | { platform: "discord"; user: DiscordSender }
> = {
  clientA: { platform: "telegram", user: { userId: 1001, chatId: 1001, group: false } },
  clientB: { platform: "discord", user: { userId: "200000000000000002", channelId: "d-2002", group: false } },
  therapist: { platform: "telegram", user: { userId: 3003, chatId: 3003, group: false } },
  strangerT: { platform: "telegram", user: { userId: 4004, chatId: 4004, group: false } },
  strangerD: { platform: "discord", user: { userId: "500000000000000005", channelId: "d-5005", group: false } },
};

export interface Scene {
  h: Harness;
  writes: TableWrites;
  clientIds: { clientA: number; clientB: number };
  /** Everything logged so far, as pino's JSON lines. */
  logs(): string;
}

export function badInputScene(): Scene {
  let captured = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      captured += chunk.toString();
      done();
    },
  });
  const base = createHarness();
  // No time, pid or host in the lines: they vary between runs and could match generated digits by chance.
  const logger = pino({ level: "trace", base: undefined, timestamp: false }, sink);
  const h: Harness = {
    ...base,
    engine: new Engine({ db: base.handle.db, clock: base.clock, prompts: prompts(), logger }),
  };
  const seeded = seedPractice(h);
  const now = h.clock.now();
  const second = createClient(
    h.handle.db,
    {
      practiceId: seeded.practiceId,
      therapistId: seeded.therapistId,
      alias: "Client B",
      locale: "en",
      checkinId: "alliance-safety",
    },
    now,
  );
  const { code: codeB } = createInvite(h.handle.db, { clientId: second.id }, now, 7);

  // Enrolment goes straight to the engine: it is setup, not the input under test.
  const agree = prompts().messages.t("en", "consent.accept");
  const a = new ChatUser(h, "1001", "1001", "telegram");
  a.command("start", seeded.code);
  a.pressLabel(agree);
  const b = new ChatUser(h, "200000000000000002", "d-2002", "discord");
  b.command("start", codeB);
  b.pressLabel(agree);
  new ChatUser(h, "3003", "3003", "telegram").command("start", seeded.therapistCode);
  h.engine.startCheckin(seeded.clientId);

  return {
    h,
    writes: new TableWrites(h.handle.sqlite),
    clientIds: { clientA: seeded.clientId, clientB: second.id },
    logs: () => captured,
  };
}
