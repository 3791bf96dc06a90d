/**
 * newChoiceSet returns the row it wrote without reading it back; that row must be exactly what a read
 * returns, and a risk question's set must carry the risk prefix.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/clock.js";
import { riskChoiceSetPrefix } from "../../../src/db/ids.js";
import { getChoiceSet, newChoiceSet } from "../../../src/db/repos/choice-sets.js";
import { ChatUser, createHarness, seedPractice } from "../../helpers/harness.js";

describe("newChoiceSet", () => {
  it("returns the stored row, for a plain and a risk set", () => {
    const h = createHarness(undefined, new FakeClock("2026-11-23T12:00:00.456Z"));
    const seeded = seedPractice(h);
    new ChatUser(h).command("start", seeded.code);
    const identityId = h.handle.sqlite.prepare("select id from identities").pluck().get() as number;
    const plain = newChoiceSet(h.handle.db, { identityId, purpose: "consent" }, h.clock.now());
    const risk = newChoiceSet(h.handle.db, { identityId, purpose: "item", itemId: "risk", risk: true }, h.clock.now());
    expect(plain).toEqual(getChoiceSet(h.handle.db, plain.id));
    expect(risk).toEqual(getChoiceSet(h.handle.db, risk.id));
    expect(risk.id.startsWith(riskChoiceSetPrefix)).toBe(true);
    expect(plain.id.startsWith(riskChoiceSetPrefix)).toBe(false);
  });
});
