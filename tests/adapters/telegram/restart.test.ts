/**
 * `npm start` with a Telegram token, as a real process against the fake Bot API: a client enrols by
 * deep link and starts a check-in; the process is killed with SIGKILL mid-check-in; Telegram
 * re-delivers the last update; the restarted process acts on it once and resumes at the same question.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/connection.js";
import { createInvite } from "../../../src/db/repos/invites.js";
import { createClient, createPractice, createTherapist } from "../../../src/db/repos/people.js";
import { FakeBotApi } from "../../fakes/telegram/fake-bot-api.js";
import { InterludeProcess } from "../../helpers/process.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function seed(path: string): string {
  const { db, close } = openDatabase(path);
  const now = new Date();
  const practice = createPractice(
    db,
    { name: "P", timezone: "UTC", locale: "en", settings: { checkinAfterConsent: true } },
    now,
  );
  const therapist = createTherapist(db, { practiceId: practice.id, alias: "T" }, now);
  const client = createClient(
    db,
    { practiceId: practice.id, therapistId: therapist.id, alias: "Oak-7", locale: "en", checkinId: "alliance-safety" },
    now,
  );
  const { code } = createInvite(db, { clientId: client.id }, now, 7);
  close();
  return code;
}

const answerCount = (path: string) => {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare("select item_id, value from answers order by id").all();
  db.close();
  return rows;
};

describe("npm start on Telegram", () => {
  it("survives kill -9 mid-check-in and acts once on the re-delivered update", async () => {
    const fake = await FakeBotApi.start();
    cleanups.push(() => fake.close());
    const dbPath = join(mkdtempSync(join(tmpdir(), "interlude-tgp-")), "tg.db");
    const code = seed(dbPath);
    const env = {
      INTERLUDE_DB: dbPath,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      LOG_LEVEL: "silent",
    };

    const first = new InterludeProcess(env);
    cleanups.push(() => {
      if (first.child.exitCode === null) first.child.kill("SIGKILL");
    });
    const user = fake.user(1001);
    await fake.waitFor(() => fake.callsTo("getUpdates").length > 0, 20_000);
    user.send(`/start ${code}`);
    await fake.waitFor(() => user.buttons().some((b) => b.text === "I agree"), 20_000);
    user.press(
      user.lastMessage()?.message_id as number,
      user.buttons().find((b) => b.text === "I agree")?.callback_data as string,
    );
    await fake.waitFor(() => user.buttons().length === 5, 20_000);
    const answered = user.send("4");
    await fake.waitFor(() => user.messages().some((m) => m.text.includes("could trust my therapist")), 20_000);

    first.child.kill("SIGKILL");
    await first.exited;
    expect(answerCount(dbPath)).toEqual([{ item_id: "safe_to_say", value: 4 }]);
    fake.redeliver(answered);

    const second = new InterludeProcess(env);
    cleanups.push(async () => {
      if (second.child.exitCode === null) {
        second.child.kill("SIGTERM");
        await second.exited;
      }
    });
    user.send("/start");
    await fake.waitFor(() => user.messages().some((m) => m.text.startsWith("Welcome back")), 20_000);
    expect(user.lastMessage()?.text).toContain("could trust my therapist");
    expect(answerCount(dbPath)).toEqual([{ item_id: "safe_to_say", value: 4 }]);

    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  });
});
