/**
 * Control characters never reach the database from any platform: a note, a follow-up note and the
 * words kept with a risk alert are stored without them. The risk screen still reads what the person
 * actually sent, so a control character used as a word break still raises the alert.
 */
import { describe, expect, it } from "vitest";
import { alertTriggers, answers } from "../../src/db/schema.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { createHarness } from "../helpers/harness.js";

const controls = /(?![\t\n])\p{Cc}/u;

function toTheNote(h: ReturnType<typeof createHarness>) {
  const { seeded, user } = enrolledClient(h);
  h.engine.startCheckin(seeded.clientId);
  for (const label of ["4", "4", "4", "4"]) user.pressLabel(label);
  user.read();
  return user;
}

describe("text stored from a client", () => {
  it("keeps a note without control characters, line breaks and tabs kept", () => {
    const h = createHarness();
    const user = toTheNote(h);
    user.text("Hard \u001b[2Jweek\u0007\r\nbut\tuseful\u0000");
    const note = h.handle.db.select().from(answers).all().at(-1);
    expect(note?.itemId).toBe("note");
    expect(note?.text).toBe("Hard [2Jweek\nbut\tuseful");
  });

  it("screens the words as sent, and stores them with the alert without control characters", () => {
    const h = createHarness();
    const user = toTheNote(h);
    // The escape character is the only thing between "my" and "life": the screen must still see two words.
    user.text("I want to end my\u001blife");
    const triggers = h.handle.db.select().from(alertTriggers).all();
    expect(triggers).toHaveLength(1);
    expect(triggers[0]?.text).toBeDefined();
    expect(triggers[0]?.text).not.toMatch(controls);
    const note = h.handle.db.select().from(answers).all().at(-1);
    expect(note?.text).toBe("I want to end mylife");
  });
});
