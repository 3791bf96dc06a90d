/**
 * The console demo's practice: created once, clearly labelled, and re-invited only until linked; the
 * demo therapist gets a console chat of their own, also in a demo database made before they had one.
 */
import { describe, expect, it } from "vitest";
import { identities, practices, therapists } from "../../src/db/schema.js";
import { ensureDemo } from "../../src/demo/demo-practice.js";
import { settingsOf } from "../../src/practice/settings.js";
import { ChatUser, createHarness } from "../helpers/harness.js";

describe("ensureDemo", () => {
  it("creates one labelled demo practice and hands out a code until the client is linked", () => {
    const h = createHarness();
    const first = ensureDemo(h.handle.db, h.clock.now());
    expect(first.inviteCode).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const again = ensureDemo(h.handle.db, h.clock.now());
    expect(again.clientId).toBe(first.clientId);
    const rows = h.handle.db.select().from(practices).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toContain("DEMO");
    expect(settingsOf(rows[0] as NonNullable<(typeof rows)[0]>).crisisResources.every((r) => !r.verified)).toBe(true);

    new ChatUser(h).command("start", again.inviteCode as string);
    expect(ensureDemo(h.handle.db, h.clock.now())).toEqual({ clientId: first.clientId });
  });

  it("links the demo therapist to the therapist's console chat once, also in an older demo database", () => {
    const h = createHarness();
    const chat = { platformUserId: "console-therapist", chatId: "console-therapist" };
    // A demo made before the therapist had a chat.
    ensureDemo(h.handle.db, h.clock.now());
    expect(h.handle.db.select().from(identities).all()).toEqual([]);

    ensureDemo(h.handle.db, h.clock.now(), chat);
    ensureDemo(h.handle.db, h.clock.now(), chat);
    const linked = h.handle.db.select().from(identities).all();
    expect(linked).toHaveLength(1);
    const therapist = h.handle.db.select().from(therapists).all()[0];
    expect(therapist?.alias).toBe("Demo therapist");
    expect(linked[0]).toMatchObject({ platform: "console", ...chat, therapistId: therapist?.id, clientId: null });
  });
});
