/**
 * Webhook mode as a real process: updates that a worker stored in the inbox (and Telegram was told
 * "200" for) but did not finish before it was killed are handled by the next process at start-up, in
 * each chat's order: one never claimed, and one claimed by the dead worker whose lease has run out.
 * The kill window itself (between the commit and the handling) is too short to hit on purpose, so
 * the test writes exactly the rows such a crash leaves, then starts the process on that file.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/connection.js";
import { TelegramInbox } from "../../../src/inbox/telegram-inbox.js";
import { silentLogger } from "../../../src/logger.js";
import { FakeBotApi } from "../../fakes/telegram/fake-bot-api.js";
import { freePort } from "../../helpers/free-port.js";
import { InterludeProcess } from "../../helpers/process.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const message = (updateId: number, chat: number, text: string) =>
  JSON.stringify({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 0,
      chat: { id: chat, type: "private" },
      from: { id: chat, is_bot: false, first_name: "A" },
      text,
    },
  });

/** The rows a killed worker leaves: accepted, one of them claimed (lease long over), none handled. */
function leaveRowsOfAKilledWorker(path: string): void {
  const { db, close } = openDatabase(path);
  const inbox = new TelegramInbox(db, silentLogger);
  const then = new Date(Date.now() - 60_000);
  inbox.accept({ updateId: 11, chatId: "1001", payload: message(11, 1001, "hello") }, then);
  inbox.accept({ updateId: 12, chatId: "1001", payload: message(12, 1001, "/help") }, then);
  inbox.accept({ updateId: 13, chatId: "1002", payload: message(13, 1002, "hello") }, then);
  // The dead worker had claimed 11 when it died; its 30 s lease ended long ago.
  expect(inbox.claimNext({ chatId: "1001" }, then, 30_000)?.updateId).toBe(11);
  close();
}

function rows(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe("webhook mode after a crash", () => {
  it("handles at start-up the updates a killed worker stored but did not finish, in order", async () => {
    const fake = await FakeBotApi.start();
    cleanups.push(() => fake.close());
    const dbPath = join(mkdtempSync(join(tmpdir(), "interlude-whr-")), "wh.db");
    leaveRowsOfAKilledWorker(dbPath);
    fake.user(1001);
    fake.user(1002);

    const process = new InterludeProcess({
      INTERLUDE_DB: dbPath,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://interlude.example.org/telegram",
      TELEGRAM_WEBHOOK_SECRET: "s3cret-token-of-twenty-chars",
      TELEGRAM_WEBHOOK_PORT: String(await freePort()),
      LOG_LEVEL: "silent",
    });
    cleanups.push(async () => {
      if (process.child.exitCode === null) {
        process.child.kill("SIGKILL");
        await process.exited;
      }
    });
    const unfinished = () =>
      rows(dbPath, "select update_id from telegram_inbox where handled_at is null and given_up_at is null");
    await fake.waitFor(() => unfinished().length === 0 || process.child.exitCode !== null, 30_000);

    expect(unfinished()).toEqual([]);
    expect(
      rows(dbPath, "select update_id from processed_updates where platform = 'telegram' order by update_id"),
    ).toEqual([{ update_id: "11" }, { update_id: "12" }, { update_id: "13" }]);
    expect(rows(dbPath, "select payload from telegram_inbox where payload <> ''")).toEqual([]);
    // Chat 1001's updates were handled in their order (processed_updates rows are written as each is handled).
    expect(
      rows(dbPath, "select update_id from processed_updates where update_id in ('11', '12') order by rowid"),
    ).toEqual([{ update_id: "11" }, { update_id: "12" }]);
    // Both chats got a reply.
    await fake.waitFor(
      () => ["1001", "1002"].every((chat) => fake.callsTo("sendMessage").some((c) => c.body.chat_id === chat)),
      20_000,
    );
  }, 60_000);
});
