/**
 * The start-up warnings about crisis resources name only the resources of the regions in use (the
 * practice's own, each client's, and what a new client would get), and are printed once: loudly to
 * stderr, with at most a count in the log, never the same text again as a JSON line.
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { printStartupWarnings } from "../../src/print-warnings.js";
import { safetyWarnings } from "../../src/safety/startup-warnings.js";
import { createHarness, prompts } from "../helpers/harness.js";

function warningsFor(setUp: (h: ReturnType<typeof createHarness>) => void): string[] {
  const h = createHarness();
  setUp(h);
  return safetyWarnings({ database: h.handle, prompts: prompts() });
}

describe("the unverified-resources warning", () => {
  it("lists only the examples for the practice's region", () => {
    const [warning] = warningsFor((h) => {
      const p = createPractice(
        h.handle.db,
        { name: "Söder", timezone: "Europe/Stockholm", locale: "sv", settings: { region: "SE" } },
        h.clock.now(),
      );
      createTherapist(h.handle.db, { practiceId: p.id, alias: "B", backupRank: 1 }, h.clock.now());
    });
    expect(warning).toContain("Mind Suicide Line");
    expect(warning).toContain("[SE]");
    for (const elsewhere of ["[GB]", "[US]", "[CN]", "[NO]", "Samaritans", "988"])
      expect(warning).not.toContain(elsewhere);
    expect(warning).toContain("in use: SE");
  });

  it("adds the regions the practice's clients get, from their own region or time zone", () => {
    const [warning] = warningsFor((h) => {
      const now = h.clock.now();
      const p = createPractice(
        h.handle.db,
        { name: "Mixed", timezone: "Europe/Stockholm", locale: "en", settings: { region: "SE" } },
        now,
      );
      const t = createTherapist(h.handle.db, { practiceId: p.id, alias: "T", backupRank: 1 }, now);
      const client = { practiceId: p.id, therapistId: t.id, locale: "en", checkinId: "alliance-safety" } as const;
      createClient(h.handle.db, { ...client, alias: "Oak-1", region: "GB" }, now);
      createClient(h.handle.db, { ...client, alias: "Elm-2", region: "US" }, now);
    });
    expect(warning).toContain("in use: GB, SE, US");
    expect(warning).toContain("Samaritans");
    expect(warning).toContain("988");
    for (const elsewhere of ["[CN]", "[NO]", "[AU]"]) expect(warning).not.toContain(elsewhere);
  });

  it("says nothing when every resource in use is verified, whatever other regions hold", () => {
    const warnings = warningsFor((h) => {
      const p = createPractice(
        h.handle.db,
        {
          name: "Own list",
          timezone: "Europe/Stockholm",
          locale: "sv",
          settings: {
            region: "SE",
            crisisResources: [
              { name: "Checked", contact: "1", region: "SE", verified: true },
              { name: "Abroad", contact: "2", region: "US", verified: false },
            ],
          },
        },
        h.clock.now(),
      );
      createTherapist(h.handle.db, { practiceId: p.id, alias: "B", backupRank: 1 }, h.clock.now());
    });
    expect(warnings).toEqual([]);
  });
});

describe("printStartupWarnings", () => {
  function capture() {
    let logged = "";
    const logger = pino(
      { level: "trace" },
      new Writable({
        write(chunk, _encoding, done) {
          logged += String(chunk);
          done();
        },
      }),
    );
    let printed = "";
    const write = (text: string) => {
      printed += text;
    };
    return { logger, write, printed: () => printed, logged: () => logged };
  }

  it("prints each warning once and logs only how many there were", () => {
    const out = capture();
    printStartupWarnings(
      ["practice 1 (P) has no region", "practice 1 (P) has no backup clinician"],
      out.write,
      out.logger,
    );
    expect(out.printed().match(/\*\*\* WARNING: practice 1 \(P\) has no region/g)).toHaveLength(1);
    expect(out.printed().match(/\*\*\* WARNING: practice 1 \(P\) has no backup clinician/g)).toHaveLength(1);
    expect(out.logged()).not.toContain("has no region");
    expect(out.logged()).not.toContain("backup clinician");
    expect(JSON.parse(out.logged().trim())).toMatchObject({ level: 40, warnings: 2 });
  });

  it("writes nothing to the log when the console demo asks it not to", () => {
    const out = capture();
    printStartupWarnings(["practice 1 (P) has no region"], out.write);
    expect(out.printed()).toContain("*** WARNING: practice 1 (P) has no region");
    expect(out.logged()).toBe("");
  });

  it("prints nothing when there is nothing to warn about", () => {
    const out = capture();
    printStartupWarnings([], out.write, out.logger);
    expect(out.printed()).toBe("");
    expect(out.logged()).toBe("");
  });
});
