/**
 * The inbox's storage: a re-delivered update is stored once, only a chat's oldest unfinished update
 * can be claimed, a claim holds until its lease ends, and a finished update keeps none of its words.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.js";
import { telegramInbox } from "../../src/db/schema.js";
import { removeInboxRowsOfChats, TelegramInbox } from "../../src/inbox/telegram-inbox.js";
import { silentLogger } from "../../src/logger.js";

const handles: DatabaseHandle[] = [];
afterEach(() => {
  for (const handle of handles.splice(0)) handle.close();
});

const lease = 30_000;

function setup() {
  const handle = openDatabase(":memory:");
  handles.push(handle);
  const clock = new FakeClock();
  return { handle, clock, inbox: new TelegramInbox(handle.db, silentLogger) };
}

const update = (updateId: number, chatId: string | null = "42") => ({
  updateId,
  chatId,
  payload: JSON.stringify({ update_id: updateId, message: { text: `words ${updateId}` } }),
});

describe("telegram inbox storage", () => {
  it("stores an update once: a re-delivery is ignored and changes nothing", () => {
    const { handle, clock, inbox } = setup();
    expect(inbox.accept(update(1), clock.now())).toBe(true);
    clock.advance(1000);
    expect(inbox.accept({ ...update(1), payload: "{}" }, clock.now())).toBe(false);
    const rows = handle.db.select().from(telegramInbox).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      payload: update(1).payload,
      attempts: 0,
      receivedAt: new Date("2026-01-05T09:00:00Z"),
    });
  });

  it("lets only the chat's oldest unfinished update be claimed", () => {
    const { clock, inbox } = setup();
    inbox.accept(update(7), clock.now());
    inbox.accept(update(5), clock.now());
    inbox.accept(update(9, "other"), clock.now());
    expect(inbox.claimNext({ chatId: "42" }, clock.now(), lease)?.updateId).toBe(5);
    // 7 waits behind 5 while 5 is claimed, even though 7 itself is free.
    expect(inbox.claimNext({ chatId: "42" }, clock.now(), lease)).toBeUndefined();
    // Another chat is not held up.
    expect(inbox.claimNext({ chatId: "other" }, clock.now(), lease)?.updateId).toBe(9);
    inbox.markHandled(5, clock.now());
    expect(inbox.claimNext({ chatId: "42" }, clock.now(), lease)).toMatchObject({ updateId: 7, attempts: 1 });
  });

  it("holds a claim until its lease ends, then lets a second claimer take it", () => {
    const { handle, clock, inbox } = setup();
    inbox.accept(update(1), clock.now());
    const other = new TelegramInbox(handle.db, silentLogger);
    expect(inbox.claimNext({ chatId: "42" }, clock.now(), lease)).toMatchObject({ updateId: 1, attempts: 1 });
    clock.advance(lease - 1);
    expect(other.claimNext({ chatId: "42" }, clock.now(), lease)).toBeUndefined();
    clock.advance(1);
    expect(other.claimNext({ chatId: "42" }, clock.now(), lease)).toMatchObject({ updateId: 1, attempts: 2 });
  });

  it("treats an update without a chat as a queue of its own", () => {
    const { clock, inbox } = setup();
    inbox.accept(update(3, null), clock.now());
    inbox.accept(update(4, null), clock.now());
    expect(inbox.queuesWaiting()).toEqual([{ updateId: 3 }, { updateId: 4 }]);
    expect(inbox.claimNext({ updateId: 4 }, clock.now(), lease)?.updateId).toBe(4);
    expect(inbox.claimNext({ updateId: 4 }, clock.now(), lease)).toBeUndefined();
    expect(inbox.claimNext({ updateId: 3 }, clock.now(), lease)?.updateId).toBe(3);
  });

  it("lists each chat with unfinished updates once, and no finished ones", () => {
    const { clock, inbox } = setup();
    for (const [id, chat] of [
      [1, "a"],
      [2, "b"],
      [3, "a"],
      [4, "c"],
    ] as const)
      inbox.accept(update(id, chat), clock.now());
    inbox.claimNext({ chatId: "c" }, clock.now(), lease);
    inbox.markHandled(4, clock.now());
    expect(inbox.queuesWaiting()).toEqual([{ chatId: "a" }, { chatId: "b" }]);
  });

  it("empties the payload of a handled update and never claims it again", () => {
    const { handle, clock, inbox } = setup();
    inbox.accept(update(1), clock.now());
    inbox.claimNext({ chatId: "42" }, clock.now(), lease);
    clock.advance(10);
    inbox.markHandled(1, clock.now());
    expect(handle.db.select().from(telegramInbox).get()).toMatchObject({ payload: "", handledAt: clock.now() });
    clock.advance(lease);
    expect(inbox.claimNext({ chatId: "42" }, clock.now(), lease)).toBeUndefined();
  });

  it("makes a released update wait 5 s × its attempts, and empties a given-up one", () => {
    const { handle, clock, inbox } = setup();
    inbox.accept(update(1), clock.now());
    inbox.claimNext({ chatId: "42" }, clock.now(), lease);
    inbox.claimNext({ chatId: "42" }, new Date(clock.now().getTime() + lease), lease);
    inbox.releaseForRetry(1, 2, clock.now());
    clock.advance(9_999);
    expect(inbox.claimNext({ chatId: "42" }, clock.now(), lease)).toBeUndefined();
    clock.advance(1);
    expect(inbox.claimNext({ chatId: "42" }, clock.now(), lease)).toMatchObject({ attempts: 3 });
    inbox.markGivenUp(1, 3, clock.now());
    expect(handle.db.select().from(telegramInbox).get()).toMatchObject({ payload: "", givenUpAt: clock.now() });
    expect(inbox.queuesWaiting()).toEqual([]);
  });

  it("removes every row of an erased client's chats, and no one else's", () => {
    const { handle, clock, inbox } = setup();
    inbox.accept(update(1, "a"), clock.now());
    inbox.accept(update(2, "b"), clock.now());
    inbox.accept(update(3, "a"), clock.now());
    expect(removeInboxRowsOfChats(handle.db, ["a"])).toBe(2);
    expect(handle.db.select({ id: telegramInbox.updateId }).from(telegramInbox).all()).toEqual([{ id: 2 }]);
  });
});
