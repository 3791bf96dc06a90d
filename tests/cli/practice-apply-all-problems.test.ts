/**
 * `practice apply` and `checkin validate` report every problem in one run: in practice.yaml, in the
 * check-in files it names, and against the database, each as `file: key.path: plain words` with the
 * file's own key names. A YAML syntax error shows its line with a caret under the column.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli, snapshot } from "../helpers/cli.js";

const fixtures = resolve(import.meta.dirname, "fixtures/all-problems");

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), "interlude-all-problems-"));
  return dir;
}

/** The problem lines of a failed run (after the "nothing was changed" header). */
function problemLines(err: string): string[] {
  const [header, ...lines] = err.split("\n");
  expect(header).toBe("error: nothing was changed; these files have problems:");
  return lines;
}

describe("every problem in one run", () => {
  it("practice apply names all of them, in practice.yaml and in the check-in file it names, and changes nothing", async () => {
    const c = cli();
    const before = snapshot(c.handle);
    const path = join(fixtures, "practice.yaml");
    const result = await c.run("practice", "apply", path);
    expect(result.code).toBe(2);
    const lines = problemLines(result.err);
    const expected = [
      `${path}: practice.timezone: must be an IANA time zone such as Europe/Stockholm`,
      `${path}: practice.locale: must be en, sv or zh, not "fr"`,
      `${path}: schedule.spec: hour 25 is not between 0 and 23`,
      `${path}: schedule.quiet: hour 24 is not between 0 and 23 (in "24:30")`,
      `${path}: schedule.jitterMinutes: must be 0 or more`,
      `${path}: windows.reminderMinutes: unknown key (known here: reminderAfterMinutes, expireAfterMinutes, catchUpMinutes, inviteTtlDays, sessionMinutes, therapistRatingAfterMinutes)`,
      `${path}: flags.quietRun: must be 1 or more`,
      `${path}: escalation.backups.1: "T-Nobody" is listed twice`,
      `${path}: features.riskItem: must be true or false, not "maybe"`,
      "broken-checkin.yaml: version: must be 1 or more",
      "broken-checkin.yaml: title.fr: unknown key (known here: en, sv, zh)",
      'broken-checkin.yaml: items.0.scale: no scale named "eleven"',
      'broken-checkin.yaml: items.1.kind: must be choice or text, not "essay"',
      "missing.yaml: (file): cannot be read (ENOENT)",
      `${path}: checkins.default: no check-in called "nope" (known: alliance-safety)`,
      `${path}: escalation.backups.0: no therapist called "T-Nobody": the practice "All Problems Therapy" does not exist yet; apply the file without backups first, add therapists with \`therapist add\`, then list them here`,
    ];
    expect(lines).toEqual(expect.arrayContaining(expected));
    expect(lines).toHaveLength(expected.length);
    // No zod wording and no internal key names leak through.
    expect(result.err).not.toMatch(/Too small|Too big|Invalid input|Invalid option|Unrecognized key|quietHours/);
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("practice apply checks the backup ladder against the database in the same run as the file", async () => {
    const c = cli();
    await c.json("practice", "init", "--name", "Söder Therapy", "--timezone", "Europe/Stockholm");
    await c.json("therapist", "add", "--practice", "1", "--alias", "T-Berg");
    const path = join(tempDir(), "practice.yaml");
    writeFileSync(
      path,
      [
        "practice: { name: Söder Therapy, timezone: Europe/Stockholm, locale: sv }",
        "retention: { days: 7 }",
        "escalation: { backups: [T-Berg, T-Lind] }",
      ].join("\n"),
    );
    const before = snapshot(c.handle);
    const result = await c.run("practice", "apply", path);
    expect(result.code).toBe(2);
    expect(problemLines(result.err)).toEqual([
      `${path}: retention.days: must be 30 or more`,
      `${path}: escalation.backups.1: no therapist called "T-Lind" in this practice (add them with \`therapist add\`, then apply again)`,
    ]);
    const unknown = await c.run("practice", "apply", path, "--practice", "9");
    expect(problemLines(unknown.err)).toEqual([
      `${path}: retention.days: must be 30 or more`,
      "--practice: no practice with id 9",
    ]);
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("checkin validate names every problem in the file, even when some items are malformed", async () => {
    const c = cli();
    const path = join(fixtures, "broken-checkin.yaml");
    const result = await c.run("checkin", "validate", path);
    expect(result.code).toBe(2);
    expect(problemLines(result.err)).toEqual([
      `${path}: version: must be 1 or more`,
      `${path}: title.fr: unknown key (known here: en, sv, zh)`,
      `${path}: items.1.kind: must be choice or text, not "essay"`,
      `${path}: items.0.scale: no scale named "eleven"`,
    ]);
  });

  it("a YAML syntax error shows the file, the line and a caret under the column, for every such error", async () => {
    const c = cli();
    const path = join(tempDir(), "practice.yaml");
    writeFileSync(
      path,
      [
        "practice:",
        "  name: Söder Therapy",
        "  timezone: Europe/Stockholm",
        "  name: Again",
        "checkins: [unclosed",
      ].join("\n"),
    );
    const result = await c.run("practice", "apply", path);
    expect(result.code).toBe(2);
    expect(problemLines(result.err)).toEqual([
      `${path}: line 4, column 3: not valid YAML: this key is already used in the same block`,
      "    4 |   name: Again",
      "      |   ^",
      `${path}: line 5, column 20: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      "    5 | checkins: [unclosed",
      "      |                    ^",
    ]);

    const checkin = join(tempDir(), "checkin.yaml");
    writeFileSync(checkin, "id: tabbed\n\tversion: 1\n");
    const tabbed = await c.run("checkin", "validate", checkin);
    expect(problemLines(tabbed.err)).toEqual([
      `${checkin}: line 2, column 1: not valid YAML: tabs cannot indent YAML; use spaces`,
      "    2 | \tversion: 1",
      "      | ^",
    ]);
  });
});
