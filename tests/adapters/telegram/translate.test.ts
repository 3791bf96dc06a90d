/**
 * Telegram updates → engine events: identity from the numeric user id only, groups flagged, every
 * kind of content either understood or marked unsupported, and nothing throws. Words that are not a
 * fresh message of the client's own (edits, forwards, captions) become asides: screened, never answers.
 */
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { allowedUpdates, toInboundEvent } from "../../../adapters/telegram/translate.js";
import { inboundEventSchema } from "../../../src/engine/events.js";

const from = { id: 42, is_bot: false, first_name: "Anna", username: "anna_real_name" };
const privateChat = { id: 42, type: "private" as const, first_name: "Anna" };
const risky = "I have the tablets ready and I want to kill myself";
const hiddenOrigin = { type: "hidden_user", sender_user_name: "x", date: 0 };
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
    ["photo with a blank caption", { photo: [{ file_id: "x" }], caption: "  " }],
    ["forwarded photo without a caption", { photo: [{ file_id: "x" }], forward_origin: hiddenOrigin }],
  ])("marks a %s as unsupported", (_kind, extra) => {
    expect(toInboundEvent(message(extra))?.payload).toEqual({ type: "unsupported" });
  });

  it("turns an edited message into an aside, so an answer cannot change after the fact", () => {
    const update = {
      update_id: 8,
      edited_message: { message_id: 1, date: 0, edit_date: 1, chat: privateChat, from, text: "5" },
    };
    expect(toInboundEvent(update as unknown as Update)).toMatchObject({
      platformUserId: "42",
      updateId: "8",
      payload: { type: "aside", text: "5", source: "edited" },
    });
  });

  it("turns an edited caption into an aside, and ignores an edit without words (a live location)", () => {
    const edited = (extra: Record<string, unknown>) =>
      ({
        update_id: 8,
        edited_message: { message_id: 1, date: 0, edit_date: 1, chat: privateChat, from, ...extra },
      }) as unknown as Update;
    expect(toInboundEvent(edited({ photo: [{ file_id: "x" }], caption: risky }))?.payload).toEqual({
      type: "aside",
      text: risky,
      source: "edited",
    });
    expect(toInboundEvent(edited({ location: { latitude: 1, longitude: 1, live_period: 60 } }))).toBeUndefined();
  });

  it("turns a forwarded message's text or caption into an aside, never a command or an answer", () => {
    for (const extra of [{ text: risky }, { photo: [{ file_id: "x" }], caption: risky }]) {
      expect(toInboundEvent(message({ ...extra, forward_origin: hiddenOrigin }))?.payload).toEqual({
        type: "aside",
        text: risky,
        source: "forwarded",
      });
    }
    expect(toInboundEvent(message({ text: "/stop", forward_origin: hiddenOrigin }))?.payload).toEqual({
      type: "aside",
      text: "/stop",
      source: "forwarded",
    });
  });

  it.each([
    ["photo", { photo: [{ file_id: "x" }] }],
    ["document", { document: { file_id: "x" } }],
    ["video", { video: { file_id: "x" } }],
    ["audio", { audio: { file_id: "x" } }],
    ["voice", { voice: { file_id: "x" } }],
    ["animation", { animation: { file_id: "x" }, document: { file_id: "x" } }],
  ])("turns the caption of a %s into an aside", (_kind, extra) => {
    expect(toInboundEvent(message({ ...extra, caption: risky }))?.payload).toEqual({
      type: "aside",
      text: risky,
      source: "caption",
    });
  });

  it("reads a reply's own text as ordinary text, never the replied-to message or the quote", () => {
    const replied = { message_id: 3, date: 0, chat: privateChat, from: { id: 999, is_bot: true }, text: "Question?" };
    const event = toInboundEvent(
      message({ text: "4", reply_to_message: replied, quote: { text: "I want to kill myself", position: 0 } }),
    );
    expect(event?.payload).toEqual({ type: "text", text: "4" });
  });

  it("ignores channel posts and business messages", () => {
    const post = { message_id: 1, date: 0, chat: { id: -100, type: "channel", title: "c" }, text: risky };
    expect(toInboundEvent({ update_id: 14, channel_post: post } as unknown as Update)).toBeUndefined();
    expect(toInboundEvent({ update_id: 15, edited_channel_post: post } as unknown as Update)).toBeUndefined();
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

  it("produces events the engine accepts, even for 10,000-character text, edits and captions", () => {
    const long = "x".repeat(10_000);
    expect(inboundEventSchema.safeParse(toInboundEvent(message({ text: long }))).success).toBe(true);
    expect(inboundEventSchema.safeParse(toInboundEvent(message({ photo: [], caption: long }))).success).toBe(true);
    const edit = { update_id: 8, edited_message: { message_id: 1, date: 0, chat: privateChat, from, text: long } };
    expect(inboundEventSchema.safeParse(toInboundEvent(edit as unknown as Update)).success).toBe(true);
  });

  it("asks Telegram for edited messages, so edits reach the screen at all", () => {
    expect(allowedUpdates).toContain("edited_message");
  });
});
