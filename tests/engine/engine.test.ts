/**
 * The engine's guarantees around every event: parse first, act once per update id, all or nothing.
 */
import { describe, expect, it } from "vitest";
import { answers, outbox, processedUpdates } from "../../src/db/schema.js";
import { textToPayload } from "../../src/engine/events.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { createHarness, prompts } from "../helpers/harness.js";

describe("engine.handle", () => {
  it("acts once on an update id delivered twice", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    user.read();
    expect(user.text("4", "same-update")).toBe("handled");
    const afterFirst = h.handle.db.select().from(outbox).all().length;
    expect(user.text("4", "same-update")).toBe("duplicate");
    expect(h.handle.db.select().from(answers).all()).toHaveLength(1);
    expect(h.handle.db.select().from(outbox).all()).toHaveLength(afterFirst);
  });

  it.each([
    [{}],
    [null],
    ["text"],
    [{ platform: "irc", platformUserId: "u", chatId: "c", updateId: "1", payload: { type: "text", text: "hi" } }],
    [{ platform: "console", platformUserId: "", chatId: "c", updateId: "1", payload: { type: "text", text: "hi" } }],
    [{ platform: "console", platformUserId: "u", chatId: "c", updateId: "1", payload: { type: "video" } }],
    [
      {
        platform: "console",
        platformUserId: "u",
        chatId: "c",
        updateId: "1",
        payload: { type: "text", text: "hi" },
        extra: 1,
      },
    ],
  ])("rejects the malformed event %j without touching the database", (event) => {
    const h = createHarness();
    expect(h.engine.handle(event)).toBe("invalid");
    expect(h.handle.db.select().from(processedUpdates).all()).toHaveLength(0);
    expect(h.handle.db.select().from(outbox).all()).toHaveLength(0);
  });

  it("rolls back everything when handling fails, then apologises once", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    user.read();
    // Make the answer write fail inside the engine's transaction.
    h.handle.sqlite.exec(
      "CREATE TRIGGER fail_answers BEFORE INSERT ON answers BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
    );
    expect(user.text("4", "u-fail")).toBe("failed");
    expect(h.handle.db.select().from(answers).all()).toHaveLength(0);
    expect(user.read().map((m) => m.text)).toEqual([prompts().messages.t("en", "errors.generic")]);
    // The re-delivered update is recognised, not retried into the same failure.
    expect(user.text("4", "u-fail")).toBe("duplicate");

    h.handle.sqlite.exec("DROP TRIGGER fail_answers");
    expect(user.text("4")).toBe("handled");
    expect(h.handle.db.select().from(answers).all()).toHaveLength(1);
  });

  it("apologises in a group in the reference language, not the client's own", () => {
    const h = createHarness();
    const { user } = enrolledClient(h, { locale: "sv" });
    // Fail the group reply but not the apology (whose outbox key ends in ":error").
    h.handle.sqlite.exec(
      `CREATE TRIGGER fail_reply BEFORE INSERT ON outbox WHEN NEW.dedupe_key NOT LIKE '%:error%'
       BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;`,
    );
    const outcome = h.engine.handle({
      platform: user.platform,
      platformUserId: user.platformUserId,
      chatId: "group-9",
      chatType: "group",
      updateId: "g1",
      payload: { type: "text", text: "hello" },
    });
    expect(outcome).toBe("failed");
    const inGroup = h.handle.db
      .select()
      .from(outbox)
      .all()
      .filter((row) => row.chatId === "group-9");
    expect(inGroup.map((row) => (row.payload as { text?: string }).text)).toEqual([
      prompts().messages.t("en", "errors.generic"),
    ]);
  });

  it("says nothing into a chat when an unknown account presses its buttons", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    const data = user.read()[0]?.buttons.get("1") as string;
    const rowsBefore = h.handle.db.select().from(outbox).all().length;
    expect(
      h.engine.handle({
        platform: "console",
        platformUserId: "stranger",
        chatId: "chat-1",
        updateId: "x1",
        payload: { type: "choice", data },
      }),
    ).toBe("handled");
    expect(h.handle.db.select().from(outbox).all()).toHaveLength(rowsBefore);
    expect(h.handle.db.select().from(answers).all()).toHaveLength(0);
  });

  it("treats stickers, photos and the like as unsupported and stores nothing", () => {
    const h = createHarness();
    const { user } = enrolledClient(h);
    user.send({ type: "unsupported" });
    expect(user.read().map((m) => m.text)).toEqual([prompts().messages.t("en", "unsupported")]);
  });
});

describe("textToPayload", () => {
  it.each([
    ["/start abc", { type: "command", name: "start", args: "abc" }],
    ["/Link@InterludeBot  code-1 ", { type: "command", name: "link", args: "code-1" }],
    ["/help", { type: "command", name: "help", args: "" }],
    ["4", { type: "text", text: "4" }],
    ["/ not a command", { type: "text", text: "/ not a command" }],
    ["a/b", { type: "text", text: "a/b" }],
  ])("%j", (text, payload) => {
    expect(textToPayload(text)).toEqual(payload);
  });
});
