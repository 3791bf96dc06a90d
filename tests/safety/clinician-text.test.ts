/**
 * Times in chat text to a clinician: their zone (else the practice's), to the minute, zone named.
 */
import { describe, expect, it } from "vitest";
import { createTherapist } from "../../src/db/repos/people.js";
import { clinicianText } from "../../src/safety/clinician-text.js";
import { createHarness, prompts, seedPractice } from "../helpers/harness.js";

describe("clinicianText().time", () => {
  it("shows the practice's zone by name for a therapist without one, and the therapist's own otherwise", () => {
    const h = createHarness();
    const { practiceId, therapistId } = seedPractice(h);
    const at = new Date("2026-12-04T20:30:42.123Z");
    expect(clinicianText(h.handle.db, prompts(), therapistId)?.time(at)).toBe("2026-12-04 21:30 Europe/Stockholm");
    const away = createTherapist(h.handle.db, { practiceId, alias: "T2", timezone: "Asia/Shanghai" }, h.clock.now());
    expect(clinicianText(h.handle.db, prompts(), away.id)?.time(at)).toBe("2026-12-05 04:30 Asia/Shanghai");
  });
});
