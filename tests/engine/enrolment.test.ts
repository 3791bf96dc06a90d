/**
 * Enrolment with invite codes: good codes link once; bad, used, expired or guessed codes change
 * nothing; unlinked senders learn nothing; code guessing is slowed down.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DAY, MINUTE } from "../../src/clock.js";
import { createInvite } from "../../src/db/repos/invites.js";
import { clients, consents, identities } from "../../src/db/schema.js";
import { ChatUser, createHarness, prompts, seedPractice } from "../helpers/harness.js";

const en = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1], values = {}) =>
  prompts().messages.t("en", key, values);

describe("enrolment", () => {
  it("links the account with /start CODE and asks for consent", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const user = new ChatUser(h);
    expect(user.command("start", seeded.code)).toBe("handled");
    const replies = user.read();
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain("Nobody reads this chat in real time");
    expect([...(replies[0]?.buttons.keys() ?? [])]).toEqual(["I agree", "No thanks"]);
    const identity = h.handle.db.select().from(identities).get();
    expect(identity).toMatchObject({ platform: "console", platformUserId: "user-1", clientId: seeded.clientId });
  });

  it("accepts /link CODE as well, and stores the consent version on agreeing", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const user = new ChatUser(h);
    user.command("link", seeded.code);
    const [consentMessage] = user.read();
    user.pressLabel("I agree", consentMessage ? [consentMessage] : []);
    const [edit, accepted] = user.read();
    // The consent message loses its buttons and shows the choice, so it cannot be pressed again.
    expect(edit?.payload).toEqual({
      kind: "edit",
      targetOutboxId: consentMessage?.outboxId,
      text: `${consentMessage?.text}\n✓ I agree`,
    });
    expect(accepted?.text).toBe(en("consent.accepted"));
    const consent = h.handle.db.select().from(consents).get();
    expect(consent).toMatchObject({ clientId: seeded.clientId, decision: "accepted", locale: "en" });
    // The version names the exact text the client saw and agreed to.
    const digest = createHash("sha256")
      .update(consentMessage?.text ?? "")
      .digest("hex")
      .slice(0, 12);
    expect(consent?.version).toBe(`en:${digest}`);
    expect(h.handle.db.select().from(clients).get()?.status).toBe("active");
  });

  it("keeps a client who declines inactive, and /start shows consent again", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const user = new ChatUser(h);
    user.command("start", seeded.code);
    user.pressLabel("No thanks");
    expect(user.read().at(-1)?.text).toBe(en("consent.declined"));
    expect(h.handle.db.select().from(clients).get()?.status).toBe("invited");
    user.command("start");
    expect(ChatUser.buttonsOf(user.read()).has("I agree")).toBe(true);
  });

  it("asks for consent again, with buttons, when an unconsented client types", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const user = new ChatUser(h);
    user.command("start", seeded.code);
    user.read();
    user.text("4");
    const replies = user.read();
    expect(replies[0]?.text).toBe(en("consent.pending"));
    expect(ChatUser.buttonsOf(replies).has("I agree")).toBe(true);
  });

  it("rejects a used code for a second account and changes nothing", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    new ChatUser(h, "user-1", "chat-1").command("start", seeded.code);
    const intruder = new ChatUser(h, "user-2", "chat-2");
    intruder.command("start", seeded.code);
    expect(intruder.read().map((m) => m.text)).toEqual([en("enrol.invalid_code")]);
    expect(h.handle.db.select().from(identities).all()).toHaveLength(1);
  });

  it("rejects an expired code", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    h.clock.advance(7 * DAY + MINUTE);
    const user = new ChatUser(h);
    user.command("start", seeded.code);
    expect(user.read().map((m) => m.text)).toEqual([en("enrol.invalid_code")]);
    expect(h.handle.db.select().from(identities).all()).toHaveLength(0);
  });

  it("revokes older codes when a client is invited again", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const { code: newer } = createInvite(h.handle.db, { clientId: seeded.clientId }, h.clock.now(), 7);
    const user = new ChatUser(h);
    user.command("start", seeded.code);
    expect(user.read().map((m) => m.text)).toEqual([en("enrol.invalid_code")]);
    user.command("start", newer);
    expect(ChatUser.buttonsOf(user.read()).has("I agree")).toBe(true);
  });

  it.each([["garbage with spaces"], ["x"], ["'; DROP TABLE clients; --"], ["a".repeat(5000)], ["\u0000\u0000"]])(
    "answers the malformed code %j with one clear reply",
    (code) => {
      const h = createHarness();
      seedPractice(h);
      const user = new ChatUser(h);
      user.command("link", code.slice(0, 4096));
      expect(user.read().map((m) => m.text)).toEqual([en("enrol.invalid_code")]);
      expect(h.handle.db.select().from(identities).all()).toHaveLength(0);
    },
  );

  it("slows down a sender after five failures, even for a valid code, then lets them in", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const user = new ChatUser(h);
    for (let i = 0; i < 4; i++) user.command("link", `wrongwrongwrongwrong${i}`);
    expect(user.read().every((m) => m.text === en("enrol.invalid_code"))).toBe(true);
    user.command("link", "wrongwrongwrongwrong5");
    expect(user.read().map((m) => m.text)).toEqual([en("enrol.slow_down", { minutes: 15 })]);
    user.command("link", seeded.code);
    expect(user.read().map((m) => m.text)).toEqual([en("enrol.slow_down", { minutes: 15 })]);
    expect(h.handle.db.select().from(identities).all()).toHaveLength(0);

    h.clock.advance(15 * MINUTE + 1);
    user.command("link", seeded.code);
    expect(ChatUser.buttonsOf(user.read()).has("I agree")).toBe(true);
  });

  it("gives unlinked senders a generic reply and stores nothing about them", () => {
    const h = createHarness();
    seedPractice(h);
    const user = new ChatUser(h);
    for (const send of [() => user.text("hi, I'm Anna"), () => user.command("help"), () => user.command("start")]) {
      send();
      expect(user.read().map((m) => m.text)).toEqual([en("unlinked.hello")]);
    }
    user.command("link");
    expect(user.read().map((m) => m.text)).toEqual([en("enrol.missing_code")]);
    expect(h.handle.db.select().from(identities).all()).toHaveLength(0);
  });

  it("links a therapist's account with a therapist code", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const therapist = new ChatUser(h, "t-1", "t-chat");
    therapist.command("start", seeded.therapistCode);
    expect(therapist.read().map((m) => m.text)).toEqual([en("enrol.clinician_linked")]);
    expect(h.handle.db.select().from(identities).get()).toMatchObject({
      therapistId: seeded.therapistId,
      clientId: null,
    });
  });

  it("says an account is already linked instead of re-linking it", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const user = new ChatUser(h);
    user.command("start", seeded.code);
    user.read();
    const { code } = createInvite(h.handle.db, { clientId: seeded.clientId }, h.clock.now(), 7);
    user.command("link", code);
    expect(user.read().map((m) => m.text)).toEqual([en("enrol.already_linked")]);
    expect(h.handle.db.select().from(identities).all()).toHaveLength(1);
  });

  it("lets a stopped client start over from the same account with a new invite", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    const user = new ChatUser(h);
    user.command("start", seeded.code);
    user.pressLabel("I agree");
    user.command("stop");
    user.read();
    const { code } = createInvite(h.handle.db, { clientId: seeded.clientId }, h.clock.now(), 7);
    user.command("link", code);
    const consent = user.read();
    expect(ChatUser.buttonsOf(consent).has("I agree")).toBe(true);
    expect(h.handle.db.select().from(clients).get()?.status).toBe("invited");
    user.pressLabel("I agree", consent);
    expect(h.handle.db.select().from(clients).get()?.status).toBe("active");
    expect(h.handle.db.select().from(identities).all()).toHaveLength(1);
  });

  it("does nothing in a group chat but say it works in private", () => {
    const h = createHarness();
    const seeded = seedPractice(h);
    h.engine.handle({
      platform: "telegram",
      platformUserId: "u",
      chatId: "group-1",
      chatType: "group",
      updateId: "1",
      payload: { type: "command", name: "start", args: seeded.code },
    });
    expect(h.handle.db.select().from(identities).all()).toHaveLength(0);
    const user = new ChatUser(h, "u", "group-1", "telegram");
    expect(user.read().map((m) => m.text)).toEqual([en("unlinked.private_only")]);
  });
});
