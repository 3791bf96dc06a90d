/**
 * The web view listening on 127.0.0.1 (a free port) beside the real grammY bot against the local fake
 * Telegram Bot API, on one file database and one running fake clock, for tests that drive a real
 * browser. A clinician links their Telegram chat with /start and their invite code, asks for a login on
 * the web page, and reads the link the bot sent them in the fake chat, as a clinician would.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTelegram } from "../../adapters/telegram/start.js";
import { type App, adapterPort, createApp } from "../../src/app.js";
import type { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createInvite } from "../../src/db/repos/invites.js";
import { createPractice, createTherapist } from "../../src/db/repos/people.js";
import { silentLogger } from "../../src/logger.js";
import { type RunningWeb, startWeb } from "../../src/web/start-web.js";
import type { WebContext } from "../../src/web/web-context.js";
import { FakeBotApi, type FakeUser } from "../fakes/telegram/fake-bot-api.js";

/**
 * A fake clock that keeps running from where it is set, at the real pace: the dispatcher's per-chat
 * pacing waits for the clock to move on between two messages to one chat, so a frozen clock would
 * stall a second message. `advance` jumps ahead (past the one-link-a-minute limit, say).
 */
export class RunningClock implements Clock {
  private offset = 0;
  constructor(start: Date) {
    this.offset = start.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface ListeningWeb {
  app: App;
  telegram: FakeBotApi;
  clock: RunningClock;
  /** http://127.0.0.1:<port>, without a trailing slash. */
  baseUrl: string;
  practiceId: number;
  /** A therapist in the practice (not yet linked to any chat). */
  addTherapist(alias: string): { therapistId: number; code: string };
  /** Links Telegram user `userId` as the therapist holding invite `code`; resolves once the bot answered. */
  linkTelegram(userId: number, code: string): Promise<FakeUser>;
  /** Waits for the newest login link in `user`'s chat that was not read before, as a path (/login/…). */
  nextLoginLink(user: FakeUser): Promise<string>;
  stop(): Promise<void>;
}

const linkPattern = /https?:\/\/[^\s/]+(\/login\/[A-Za-z0-9_-]{43})/;

export async function listeningWeb(start: Date): Promise<ListeningWeb> {
  const clock = new RunningClock(start);
  const telegram = await FakeBotApi.start();
  const app = createApp(
    loadConfig({
      INTERLUDE_DB: join(mkdtempSync(join(tmpdir(), "interlude-web-")), "interlude.db"),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    }),
    clock,
    silentLogger,
  );
  const bot = await startTelegram(adapterPort(app), app.config);
  // The URL is known once the port is: login links are built from the context at request time.
  const ctx: WebContext = {
    db: app.database.db,
    clock,
    prompts: app.prompts,
    logger: silentLogger,
    onQueued: () => void app.dispatcher.drain().catch(() => undefined),
    publicUrl: "",
    // As main.ts does: invites on the web view get the bot's one-tap link and its QR code.
    botUsernames: app.botUsernames,
  };
  const web: RunningWeb = await startWeb(ctx, { host: "127.0.0.1", port: 0 });
  ctx.publicUrl = `http://127.0.0.1:${web.port}`;
  // As main.ts does: a message left for later by the per-chat pacing still goes out without a new event.
  const poll = setInterval(() => void app.dispatcher.drain().catch(() => undefined), 250);

  const { db } = app.database;
  const practice = createPractice(db, { name: "Browser practice", timezone: "Europe/Stockholm", locale: "en" }, start);
  const seen = new Map<number, Set<string>>();

  return {
    app,
    telegram,
    clock,
    baseUrl: ctx.publicUrl,
    practiceId: practice.id,
    addTherapist(alias) {
      const now = clock.now();
      const therapist = createTherapist(db, { practiceId: practice.id, alias }, now);
      return { therapistId: therapist.id, code: createInvite(db, { therapistId: therapist.id }, now, 7).code };
    },
    async linkTelegram(userId, code) {
      const user = telegram.user(userId);
      const before = user.messages().length;
      user.send(`/start ${code}`);
      await telegram.waitFor(() => user.messages().length > before, 30_000);
      return user;
    },
    async nextLoginLink(user) {
      const known = seen.get(user.id) ?? new Set<string>();
      seen.set(user.id, known);
      let found: string | undefined;
      await telegram.waitFor(() => {
        found = user
          .messages()
          .map((m) => linkPattern.exec(m.text ?? "")?.[1])
          .find((link): link is string => link !== undefined && !known.has(link));
        return found !== undefined;
      }, 30_000);
      known.add(found as string);
      return found as string;
    },
    async stop() {
      clearInterval(poll);
      await web.stop();
      await bot.stop();
      await app.dispatcher.stop();
      app.database.close();
      await telegram.close();
    },
  };
}
