/**
 * Discord messages and interactions → engine events: DMs only for messages, user id as identity,
 * server-channel commands flagged so the engine answers "DMs only" and stores nothing.
 */
import { describe, expect, it } from "vitest";
import { interactionToEvent, messageToEvent } from "../../../adapters/discord/translate.js";
import { inboundEventSchema } from "../../../src/engine/events.js";

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
    expect(messageToEvent({ ...dm, content: "look", hasNonText: true })?.payload).toEqual({ type: "unsupported" });
  });

  it("produces events the engine accepts, even for very long text", () => {
    expect(inboundEventSchema.safeParse(messageToEvent({ ...dm, content: "x".repeat(20_000) })).success).toBe(true);
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

  it("flags a command used in a server channel", () => {
    expect(interactionToEvent({ ...base, inGuild: true, kind: "command", name: "help" }).chatType).toBe("group");
  });
});
