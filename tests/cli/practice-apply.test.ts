import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getPractice } from "../../src/db/repos/people.js";
import { scheduleAtScope } from "../../src/db/repos/schedules.js";
import { settingsOf } from "../../src/practice/settings.js";
import { cli, snapshot } from "../helpers/cli.js";

const example = resolve(import.meta.dirname, "../../practice.example.yaml");
const instrument = resolve(import.meta.dirname, "fixtures/our-instrument.yaml");

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A copy of the example (edited by `edit`) in a temp dir, with the custom check-in beside it. */
function configFile(edit: (text: string) => string = (t) => t): string {
  dir ??= mkdtempSync(join(tmpdir(), "interlude-config-"));
  copyFileSync(instrument, join(dir, "our-instrument.yaml"));
  const path = join(dir, "practice.yaml");
  writeFileSync(path, edit(readFileSync(example, "utf8")));
  return path;
}

describe("cli practice apply", () => {
  it("creates the practice the shipped example describes, then finds nothing to change", async () => {
    const c = cli();
    const path = configFile();
    const first = await c.json("practice", "apply", path);
    expect(first).toMatchObject({ practiceId: 1, created: true, dryRun: false });
    const practice = getPractice(c.handle.db, 1);
    expect(practice).toMatchObject({ name: "Söder Therapy", timezone: "Europe/Stockholm", locale: "sv" });
    expect(settingsOf(practice as NonNullable<typeof practice>)).toMatchObject({
      region: "SE",
      riskItem: true,
      clientNotes: true,
      noteSharing: "now",
      summaryDay: "monday",
      retentionDays: 365,
      flags: { quietRun: 2, lowOverall: 3, unrepairedCloseAfter: 3 },
    });
    expect(scheduleAtScope(c.handle.db, { practiceId: 1 })).toMatchObject({
      spec: "weekly on Mon,Thu at 18:00",
      cron: "0 18 * * 1,4",
      quietStart: "22:00",
      quietEnd: "08:00",
      jitterMinutes: 30,
    });
    const before = snapshot(c.handle);
    const again = await c.run("practice", "apply", path);
    expect(again).toMatchObject({ code: 0, out: [`Practice 1: already as ${path} says; nothing to change.`] });
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("prints each change, and --dry-run changes nothing", async () => {
    const c = cli();
    await c.json("practice", "apply", configFile());
    const edited = configFile((t) =>
      t
        .replace("quietRun: 2 ", "quietRun: 3 ")
        .replace("timezone: Europe/Stockholm ", "timezone: Europe/Oslo ")
        .replace("spec: weekly on Mon,Thu at 18:00", "spec: daily at 19:00"),
    );
    const before = snapshot(c.handle);
    const dry = await c.run("practice", "apply", edited, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toEqual([
      "Would change (3):",
      '  practice.timezone: "Europe/Stockholm" → "Europe/Oslo"',
      "  settings.flags.quietRun: 2 → 3",
      '  schedule: {"spec":"weekly on Mon,Thu at 18:00","quiet":"22:00-08:00","jitterMinutes":30} → {"spec":"daily at 19:00","quiet":"22:00-08:00","jitterMinutes":30}',
    ]);
    expect(snapshot(c.handle)).toEqual(before);
    const applied = await c.json("practice", "apply", "--config", edited);
    expect((applied.changes as unknown[]).length).toBe(3);
    expect(settingsOf(getPractice(c.handle.db, 1) as never).flags.quietRun).toBe(3);
  });

  it("sets the backup ladder from therapist aliases, and takes a therapist off it when the file does", async () => {
    const c = cli();
    await c.json("practice", "apply", configFile());
    await c.json("therapist", "add", "--practice", "1", "--alias", "T-Berg");
    await c.json("therapist", "add", "--practice", "1", "--alias", "T-Lind");
    const ladder = configFile((t) => t.replace("backups: []", 'backups: ["T-Lind", "T-Berg"]'));
    const applied = await c.json("practice", "apply", ladder);
    expect(applied.changes).toEqual([
      { path: "backups.T-Berg", from: null, to: 2 },
      { path: "backups.T-Lind", from: null, to: 1 },
    ]);
    const shorter = configFile((t) => t.replace("backups: []", 'backups: ["T-Berg"]'));
    expect((await c.json("practice", "apply", shorter)).changes).toEqual([
      { path: "backups.T-Berg", from: 2, to: 1 },
      { path: "backups.T-Lind", from: 1, to: null },
    ]);
  });

  it("loads the practice's own check-in, so clients can be given it", async () => {
    const path = configFile((t) => t.replace("custom: []", "custom: [our-instrument.yaml]"));
    const c = cli({ INTERLUDE_CONFIG: path });
    await c.json("practice", "apply");
    await c.json("therapist", "add", "--practice", "1", "--alias", "T-Berg");
    const client = await c.json("client", "add", "--therapist", "1", "--alias", "Oak-7", "--checkin", "our-instrument");
    expect(client.clientId).toBe(1);
  });

  it("names every problem as file: path: problem, exits 2, and changes nothing", async () => {
    const c = cli();
    await c.json("practice", "apply", configFile());
    const before = snapshot(c.handle);
    const cases: [(t: string) => string, string][] = [
      [
        (t) => t.replace("timezone: Europe/Stockholm ", "timezone: Mars/Olympus "),
        "practice.timezone: must be an IANA time zone",
      ],
      [(t) => t.replace("locale: sv ", "locale: fr "), 'practice.locale: must be en, sv or zh, not "fr"'],
      [(t) => t.replace("region: SE ", "region: Sweden "), "practice.region: must be a two-letter country code"],
      [(t) => t.replace('time: "08:00"', 'time: "8 am"'), 'summary.time: must be a 24-hour time "HH:MM" such as 08:00'],
      [(t) => t.replace('time: "08:00"', 'time: "24:00"'), "summary.time: hour 24 is not between 0 and 23"],
      [(t) => t.replace("quietRun: 2 ", "quietRun: 0 "), "flags.quietRun: must be 1 or more"],
      [
        (t) => t.replace("unrepairedCloseAfter: 3 ", "unrepairedCloseAfter: 0 "),
        "flags.unrepairedCloseAfter: must be 1 or more",
      ],
      [
        (t) => t.replace("spec: weekly on Mon,Thu at 18:00", "spec: weekly on Funday at 18:00"),
        "schedule.spec: unknown weekday",
      ],
      [(t) => t.replace("days: 365", "days: 7"), "retention.days: must be 30 or more"],
      [
        (t) => t.replace("notes: now ", "notes: later "),
        'sharing.notes: must be now, next_session or private, not "later"',
      ],
      [
        (t) => `${t}\nsurprise: true\n`,
        "surprise: unknown key (known here: practice, checkins, schedule, windows, summary, flags, crisisResources, escalation, retention, features, topics, sharing)",
      ],
      [
        (t) => t.replace('quiet: "22:00-08:00"', 'quietHours: "22:00-08:00"'),
        "schedule.quietHours: unknown key (known here: spec, quiet, jitterMinutes)",
      ],
      [(t) => t.replace('quiet: "22:00-08:00"', 'quiet: "22:00-8:00"'), 'schedule.quiet: must be "HH:MM-HH:MM"'],
      [(t) => t.replace("default: alliance-safety", "default: nope"), 'checkins.default: no check-in called "nope"'],
      [(t) => t.replace("custom: []", "custom: [missing.yaml]"), "missing.yaml: (file): cannot be read (ENOENT)"],
      [(t) => t.replace("backups: []", "backups: [T-Nobody]"), 'escalation.backups.0: no therapist called "T-Nobody"'],
      [(t) => t.replace("backups: []", "backups: [A, A]"), 'escalation.backups.1: "A" is listed twice'],
      [
        (t) => t.replace("verified: false }", "verified: maybe }"),
        'crisisResources.0.verified: must be true or false, not "maybe"',
      ],
      [() => "practice: [unclosed", "line 1, column 20: not valid YAML"],
    ];
    for (const [edit, message] of cases) {
      const path = configFile(edit);
      const result = await c.run("practice", "apply", path);
      expect(result.code, message).toBe(2);
      // A custom check-in file's own problems are named by that file.
      if (!message.startsWith("missing.yaml")) expect(result.err, message).toContain(`${path}: `);
      expect(result.err, message).toContain(message);
    }
    const clash = configFile((t) => t.replace("custom: []", "custom: [clash.yaml]"));
    writeFileSync(
      join(dir as string, "clash.yaml"),
      readFileSync(instrument, "utf8").replace("id: our-instrument", "id: alliance-safety"),
    );
    expect((await c.run("practice", "apply", clash)).err).toContain(
      'checkins.custom.0: check-in id "alliance-safety" is already used by a built-in check-in',
    );
    expect((await c.run("practice", "apply", join(dir as string, "nowhere.yaml"))).err).toContain(
      "(file): cannot be read (ENOENT)",
    );
    expect((await c.run("practice", "apply")).err).toContain("[file]: give practice.yaml");
    expect(snapshot(c.handle)).toEqual(before);
  });
});

describe("cli checkin validate", () => {
  it("describes a valid definition and refuses a broken one with every problem", async () => {
    const c = cli();
    const ok = await c.json("checkin", "validate", instrument);
    expect(ok).toMatchObject({
      valid: true,
      id: "our-instrument",
      items: [{ id: "heard", dimension: "bond" }, { id: "note" }],
    });
    dir = mkdtempSync(join(tmpdir(), "interlude-checkin-"));
    const broken = join(dir, "broken.yaml");
    writeFileSync(
      broken,
      readFileSync(instrument, "utf8")
        .replace("scale: ten", "scale: eleven")
        .replace("version: 1\nvalidated", "version: 0\nvalidated"),
    );
    const result = await c.run("checkin", "validate", broken);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${broken}: version:`);
    expect(result.err).toContain(`${broken}: items.0.scale: no scale named "eleven"`);
  });
});
