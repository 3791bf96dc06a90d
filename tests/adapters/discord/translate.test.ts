/**
 * Discord messages and interactions → engine events: DMs only for messages, user id as identity,
 * server-channel commands flagged so the engine answers "DMs only" and stores nothing. Words that
 * are not a fresh message of the client's own (edits, forwards, text with an attachment) become asides,
 * and every string option of a slash command reaches the screen.
 */
import { describe, expect, it } from "vitest";
import { editToEvent, interactionToEvent, messageToEvent } from "../../../adapters/discord/translate.js";
import { inboundEventSchema } from "../../../src/engine/events.js";

const risky = "I have the tablets ready and I want to kill myself";

const dm = {
  id: "9001",
  authorId: "42",
  authorIsBot: false,
  channelId: "7",
  inGuild: false,
  content: "4",
  hasNonText: false,
};

describe("messageToEvent", () => {
  it("turns a DM into a text event keyed by the author's user id", () => {
    expect(messageToEvent(dm)).toEqual({
      platform: "discord",
      platformUserId: "42",
      chatId: "7",
      updateId: "m:9001",
      payload: { type: "text", text: "4" },
    });
  });

  it("reads typed commands", () => {
    expect(messageToEvent({ ...dm, content: "/link abcdefghijklmnopqrstuv" })?.payload).toEqual({
      type: "command",
      name: "link",
      args: "abcdefghijklmnopqrstuv",
    });
  });

  it("ignores server channels and other bots, and marks attachments and stickers unsupported", () => {
    expect(messageToEvent({ ...dm, inGuild: true })).toBeUndefined();
    expect(messageToEvent({ ...dm, authorIsBot: true })).toBeUndefined();
    expect(messageToEvent({ ...dm, content: "", hasNonText: true })?.payload).toEqual({ type: "unsupported" });
  });

  it("turns the text sent with an attachment into an aside (caption), never an answer", () => {
    expect(messageToEvent({ ...dm, content: risky, hasNonText: true })?.payload).toEqual({
      type: "aside",
      text: risky,
      source: "caption",
    });
  });

  it("turns a forwarded message's snapshot text into an aside, and an empty forward into unsupported", () => {
    expect(messageToEvent({ ...dm, content: "", forwardedContent: risky })?.payload).toEqual({
      type: "aside",
      text: risky,
      source: "forwarded",
    });
    expect(messageToEvent({ ...dm, content: "", forwardedContent: "/stop" })?.payload).toMatchObject({
      type: "aside",
    });
    expect(messageToEvent({ ...dm, content: "", hasNonText: false, forwardedContent: "" })?.payload).toEqual({
      type: "unsupported",
    });
  });

  it("produces events the engine accepts, even for very long text", () => {
    expect(inboundEventSchema.safeParse(messageToEvent({ ...dm, content: "x".repeat(20_000) })).success).toBe(true);
  });
});

describe("editToEvent", () => {
  const edit = { ...dm, content: risky, editedTimestamp: 1_760_000_000_123 };

  it("turns an edited DM into an aside whose update id names the edit", () => {
    expect(editToEvent(edit)).toEqual({
      platform: "discord",
      platformUserId: "42",
      chatId: "7",
      updateId: "e:9001:1760000000123",
      payload: { type: "aside", text: risky, source: "edited" },
    });
    // A later edit of the same message is a new event; the same edit again is the same one.
    expect(editToEvent({ ...edit, editedTimestamp: 1_760_000_000_999 })?.updateId).toBe("e:9001:1760000000999");
  });

  it("ignores updates that are not an edit (embeds resolving), other bots, servers and empty edits", () => {
    expect(editToEvent({ ...edit, editedTimestamp: null })).toBeUndefined();
    expect(editToEvent({ ...edit, authorIsBot: true })).toBeUndefined();
    expect(editToEvent({ ...edit, inGuild: true })).toBeUndefined();
    expect(editToEvent({ ...edit, content: " " })).toBeUndefined();
  });

  it("produces events the engine accepts, even for very long edits", () => {
    expect(inboundEventSchema.safeParse(editToEvent({ ...edit, content: "x".repeat(20_000) })).success).toBe(true);
  });
});

describe("interactionToEvent", () => {
  const base = { id: "5", userId: "42", channelId: "7", inGuild: false };

  it("turns a button press into a choice", () => {
    expect(interactionToEvent({ ...base, kind: "button", name: "abcdefghij.4" })).toMatchObject({
      updateId: "i:5",
      chatType: "private",
      payload: { type: "choice", data: "abcdefghij.4" },
    });
  });

  it("turns /link code:… into the link command with its code", () => {
    expect(interactionToEvent({ ...base, kind: "command", name: "link", options: { code: "abc" } }).payload).toEqual({
      type: "command",
      name: "link",
      args: "abc",
    });
    expect(interactionToEvent({ ...base, kind: "command", name: "pause" }).payload).toEqual({
      type: "command",
      name: "pause",
      args: "",
    });
  });

  it("turns /summary alias:… into the summary command with the alias, and bare /summary into none", () => {
    const named = interactionToEvent({ ...base, kind: "command", name: "summary", options: { alias: "Oak-7" } });
    expect(named.payload).toEqual({ type: "command", name: "summary", args: "Oak-7" });
    expect(interactionToEvent({ ...base, kind: "command", name: "summary" }).payload).toEqual({
      type: "command",
      name: "summary",
      args: "",
    });
  });

  it("puts every string option into the command's words, its own argument first", () => {
    const event = interactionToEvent({
      ...base,
      kind: "command",
      name: "ack",
      options: { reason: risky, alert: "12" },
    });
    expect(event.payload).toEqual({ type: "command", name: "ack", args: `12 ${risky}` });
    expect(
      interactionToEvent({ ...base, kind: "command", name: "stop", options: { why: "我想自杀" } }).payload,
    ).toEqual({ type: "command", name: "stop", args: "我想自杀" });
  });

  it("flags a command used in a server channel", () => {
    expect(interactionToEvent({ ...base, inGuild: true, kind: "command", name: "help" }).chatType).toBe("group");
  });
});
