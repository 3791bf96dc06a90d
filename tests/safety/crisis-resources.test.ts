/**
 * Which crisis resources a client sees, and the start-up warning for resources nobody has verified.
 */
import { describe, expect, it } from "vitest";
import { createPractice, createTherapist } from "../../src/db/repos/people.js";
import { parsePracticeSettings } from "../../src/practice/settings.js";
import { chooseCrisisResources } from "../../src/safety/crisis-resources.js";
import { safetyWarnings } from "../../src/safety/startup-warnings.js";
import { createHarness, prompts } from "../helpers/harness.js";

const examples = () => prompts().crisisExamples;

describe("crisis resources", () => {
  it("ship as examples, every one unverified", () => {
    expect(examples().length).toBeGreaterThan(0);
    expect(examples().every((r) => !r.verified)).toBe(true);
  });

  it("picks the client's region in their language, falling back to the region in any language", () => {
    const settings = parsePracticeSettings({ region: "SE" });
    const sv = chooseCrisisResources(settings, examples(), { region: null, locale: "sv" }).map((r) => r.name);
    expect(sv).toContain("Självmordslinjen (Mind)");
    expect(sv).not.toContain("Suicide prevention line (Mind, in Swedish)");
    const zhInSweden = chooseCrisisResources(settings, examples(), { region: null, locale: "zh" });
    expect(zhInSweden.every((r) => r.region === "SE")).toBe(true);
    expect(zhInSweden.map((r) => r.contact)).toContain("112");
    const cn = chooseCrisisResources(settings, examples(), { region: "CN", locale: "zh" }).map((r) => r.contact);
    expect(cn).toContain("12356");
    expect(cn).not.toContain("112");
  });

  it("uses the practice's own list when it has one", () => {
    const settings = parsePracticeSettings({
      crisisResources: [{ name: "Our on-call line", contact: "555", verified: true }],
    });
    expect(chooseCrisisResources(settings, examples(), { region: "SE", locale: "en" }).map((r) => r.name)).toEqual([
      "Our on-call line",
    ]);
  });

  it("warns at start-up for each practice with unverified resources or no backup clinician", () => {
    const h = createHarness();
    const now = h.clock.now();
    const unchecked = createPractice(h.handle.db, { name: "Unchecked", timezone: "UTC", locale: "en" }, now);
    const checked = createPractice(
      h.handle.db,
      {
        name: "Checked",
        timezone: "UTC",
        locale: "en",
        settings: { crisisResources: [{ name: "Line", contact: "1", verified: true }] },
      },
      now,
    );
    createTherapist(h.handle.db, { practiceId: checked.id, alias: "Backup", backupRank: 1 }, now);
    const warnings = safetyWarnings({ database: h.handle, prompts: prompts() });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`practice ${unchecked.id} (Unchecked) has no crisis resources of its own`);
    expect(warnings[1]).toContain(`practice ${unchecked.id} (Unchecked) has no backup clinician`);
  });
});
