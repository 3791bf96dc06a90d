/**
 * `practice init` gives a practice a region, so crisis replies can carry a concrete number: the one
 * given with --region, else the country of --timezone, else of --locale, and it says which.
 */
import { describe, expect, it } from "vitest";
import { getPractice } from "../../src/db/repos/people.js";
import { settingsOf } from "../../src/practice/settings.js";
import { cli } from "../helpers/cli.js";
import { createHarness } from "../helpers/harness.js";

async function init(...args: string[]) {
  const h = createHarness();
  const result = await cli({}, { handle: h.handle, clock: h.clock }).run("practice", "init", "--name", "P", ...args);
  const practice = getPractice(h.handle.db, 1);
  return { result, region: practice ? settingsOf(practice).region : undefined };
}

describe("practice init --region", () => {
  it("takes the region given", async () => {
    const { result, region } = await init("--timezone", "Europe/Stockholm", "--region", "GB");
    expect(result.code).toBe(0);
    expect(region).toBe("GB");
  });

  it("derives it from the time zone, then from the language, and says so", async () => {
    const byZone = await init("--timezone", "Europe/London", "--locale", "sv");
    expect(byZone.region).toBe("GB");
    expect(byZone.result.out.join("\n")).toContain("Region GB, from the time zone Europe/London");
    const byLanguage = await init("--timezone", "UTC", "--locale", "zh");
    expect(byLanguage.region).toBe("CN");
    expect(byLanguage.result.out.join("\n")).toContain("Region CN, from the language zh");
  });

  it("says plainly when none can be derived, and refuses a malformed one", async () => {
    const none = await init("--timezone", "UTC", "--locale", "en");
    expect(none.region).toBeUndefined();
    expect(none.result.out.join("\n")).toContain("No region");
    const bad = await init("--timezone", "UTC", "--region", "sweden");
    expect(bad.result.code).not.toBe(0);
    expect(bad.result.err).toContain("--region");
  });
});
