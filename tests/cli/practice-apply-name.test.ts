/**
 * `practice apply` finds its practice by the file's name spelt exactly as stored, and refuses a name
 * that is the same as another practice's by the rule `practice init` uses for uniqueness (case,
 * accents and spaces ignored): such a near miss is named, never turned into a second practice, and
 * never silently taken as the practice it resembles.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listPractices } from "../../src/db/repos/people.js";
import { cli, snapshot } from "../helpers/cli.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The smallest practice.yaml: every other section has its defaults. */
function fileNamed(name: string): string {
  dir ??= mkdtempSync(join(tmpdir(), "interlude-apply-name-"));
  const path = join(dir, `practice-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, `practice:\n  name: "${name}"\n  timezone: Europe/Stockholm\n  locale: sv\n`);
  return path;
}

const init = (c: ReturnType<typeof cli>, name: string) =>
  c.json("practice", "init", "--name", name, "--timezone", "Europe/Stockholm", "--locale", "sv", "--region", "SE");

describe("practice apply finds the practice by its name", () => {
  it("applies to the practice whose name the file spells exactly", async () => {
    const c = cli();
    await init(c, "Söder Therapy");
    const applied = await c.json("practice", "apply", fileNamed("Söder Therapy"));
    expect(applied).toMatchObject({ practiceId: 1, created: false });
    expect(listPractices(c.handle.db)).toHaveLength(1);
  });

  it("refuses a near miss of an existing name, naming that practice, and changes nothing", async () => {
    const c = cli();
    await init(c, "Söder Therapy");
    const before = snapshot(c.handle);
    for (const near of ["söder  therapy", "SODER THERAPY", "Soder Therapy"]) {
      for (const dry of [[], ["--dry-run"]]) {
        const path = fileNamed(near);
        const result = await c.run("practice", "apply", path, ...dry);
        expect(result.code, near).toBe(2);
        expect(result.err, near).toContain(
          `${path}: practice.name: no practice is called "${near}", but practice 1 is called "Söder Therapy"`,
        );
        expect(result.err, near).toContain(
          'spell it "Söder Therapy" to apply the file to practice 1, give --practice 1 to apply it and rename practice 1, or choose another name for a new practice',
        );
      }
    }
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("with --practice, renames that practice but not to a name another practice has", async () => {
    const c = cli();
    await init(c, "Söder Therapy");
    await init(c, "Norr Therapy");
    const before = snapshot(c.handle);
    const taken = fileNamed("söder therapy");
    const refused = await c.run("practice", "apply", taken, "--practice", "2");
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${taken}: practice.name: practice 1 is already called "Söder Therapy"`);
    expect(snapshot(c.handle)).toEqual(before);

    // Its own name in another spelling is no clash: --practice says which practice is meant.
    const renamed = await c.json("practice", "apply", fileNamed("söder therapy"), "--practice", "1");
    expect(renamed.changes).toContainEqual({ path: "practice.name", from: "Söder Therapy", to: "söder therapy" });
  });

  it("creates a practice only under a name no practice has in any spelling", async () => {
    const c = cli();
    await init(c, "Söder Therapy");
    const created = await c.json("practice", "apply", fileNamed("Söder Therapy North"));
    expect(created).toMatchObject({ practiceId: 2, created: true });
  });
});
