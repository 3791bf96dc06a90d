/**
 * Telegram updates → engine events: identity from the numeric user id only, groups flagged, every
 * kind of content either understood or marked unsupported, and nothing throws.
 */
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { toInboundEvent } from "../../../adapters/telegram/translate.js";
import { inboundEventSchema } from "../../../src/engine/events.js";

const from = { id: 42, is_bot: false, first_name: "Anna", username: "anna_real_name" };
const privateChat = { id: 42, type: "private" as const, first_name: "Anna" };
const message = (extra: Record<string, unknown>) =>
  ({ update_id: 7, message: { message_id: 1, date: 0, chat: privateChat, from, ...extra } }) as unknown as Update;

describe("toInboundEvent", () => {
  it("turns text into a text event keyed by user id, never by name", () => {
    const event = toInboundEvent(message({ text: "4" }));
    expect(event).toEqual({
      platform: "telegram",
      platformUserId: "42",
      chatId: "42",
      chatType: "private",
      updateId: "7",
      payload: { type: "text", text: "4" },
    });
    expect(JSON.stringify(event)).not.toContain("anna");
  });

  it("turns /start CODE (also /start@bot) into a command", () => {
    expect(toInboundEvent(message({ text: "/start abcDEF123_-" }))?.payload).toEqual({
      type: "command",
      name: "start",
      args: "abcDEF123_-",
    });
    expect(toInboundEvent(message({ text: "/help@interlude_test_bot" }))?.payload).toEqual({
      type: "command",
      name: "help",
      args: "",
    });
  });

  it.each([
    ["sticker", { sticker: { file_id: "x" } }],
    ["photo", { photo: [{ file_id: "x" }] }],
    ["voice", { voice: { file_id: "x" } }],
    ["location", { location: { latitude: 0, longitude: 0 } }],
    ["forwarded text", { text: "4", forward_origin: { type: "hidden_user", sender_user_name: "x", date: 0 } }],
  ])("marks a %s as unsupported", (_kind, extra) => {
    expect(toInboundEvent(message(extra))?.payload).toEqual({ type: "unsupported" });
  });

  it("marks an edited message as unsupported, so an answer cannot change after the fact", () => {
    const update = {
      update_id: 8,
      edited_message: { message_id: 1, date: 0, edit_date: 1, chat: privateChat, from, text: "5" },
    };
    expect(toInboundEvent(update as unknown as Update)?.payload).toEqual({ type: "unsupported" });
  });

  it("turns a button press into a choice from the presser, in the message's chat", () => {
    const update = {
      update_id: 9,
      callback_query: {
        id: "q1",
        from: { ...from, id: 77 },
        chat_instance: "c",
        data: "abcdefghij.4",
        message: { message_id: 3, date: 0, chat: privateChat },
      },
    };
    expect(toInboundEvent(update as unknown as Update)).toMatchObject({
      platformUserId: "77",
      chatId: "42",
      payload: { type: "choice", data: "abcdefghij.4" },
    });
  });

  it("flags group chats", () => {
    const update = {
      update_id: 10,
      message: { message_id: 1, date: 0, chat: { id: -100, type: "group", title: "g" }, from, text: "/start x" },
    };
    expect(toInboundEvent(update as unknown as Update)?.chatType).toBe("group");
  });

  it("turns a block and an unblock into reachability events", () => {
    const change = (status: string) =>
      ({
        update_id: 11,
        my_chat_member: {
          chat: privateChat,
          from,
          date: 0,
          old_chat_member: { status: "member", user: from },
          new_chat_member: { status, user: from },
        },
      }) as unknown as Update;
    expect(toInboundEvent(change("kicked"))?.payload).toEqual({ type: "reachability", reachable: false });
    expect(toInboundEvent(change("member"))?.payload).toEqual({ type: "reachability", reachable: true });
  });

  it("ignores updates that are not for Interlude", () => {
    expect(toInboundEvent({ update_id: 12 } as Update)).toBeUndefined();
    expect(
      toInboundEvent({ update_id: 13, message: { message_id: 1, date: 0, chat: privateChat } } as unknown as Update),
    ).toBeUndefined();
  });

  it("produces events the engine accepts, even for 10,000-character text", () => {
    const event = toInboundEvent(message({ text: "x".repeat(10_000) }));
    expect(inboundEventSchema.safeParse(event).success).toBe(true);
  });
});
