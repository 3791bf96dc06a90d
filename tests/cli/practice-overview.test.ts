/**
 * The administrator's view of practices: names are unique (compared case- and accent-insensitively,
 * after trimming), `practice list` gives each practice with its counts, `practice show` everything.
 */
import { describe, expect, it } from "vitest";
import { setClientStatus } from "../../src/db/repos/people.js";
import { cli, setUp, snapshot } from "../helpers/cli.js";

const init = (...args: string[]) => ["practice", "init", "--timezone", "Europe/Stockholm", ...args];

describe("practice init: names are unique", () => {
  it('refuses a second "Söder Therapy", however it is spelled, with a clear message and no change', async () => {
    const c = cli();
    const first = await c.json(...init("--name", "Söder Therapy", "--locale", "sv"));
    const before = snapshot(c.handle);
    for (const same of ["Söder Therapy", "  söder therapy ", "SODER THERAPY"]) {
      const refused = await c.run(...init("--name", same));
      expect(refused.code, same).toBe(2);
      expect(refused.err, same).toContain(
        `--name: there is already a practice called "Söder Therapy" (practice ${first.practiceId})`,
      );
    }
    expect(snapshot(c.handle)).toEqual(before);
    expect((await c.run(...init("--name", "Söder Therapy North"))).code).toBe(0);
  });
});

describe("practice list", () => {
  it("lists id, name, zone, language, region and counts of active therapists and clients not stopped", async () => {
    const c = cli();
    const { practiceId, therapistId, clientId } = await setUp(c);
    await c.json("client", "add", "--therapist", String(therapistId), "--alias", "Birch-2");
    setClientStatus(c.handle.db, clientId, "stopped");
    const other = await c.json(...init("--name", "Söder Therapy", "--locale", "sv", "--region", "SE"));
    expect(await c.json("practice", "list")).toEqual({
      practices: [
        {
          practiceId,
          name: "Test practice",
          timezone: "Europe/Stockholm",
          locale: "en",
          region: "SE",
          therapists: 1,
          clients: 1,
        },
        {
          practiceId: other.practiceId,
          name: "Söder Therapy",
          timezone: "Europe/Stockholm",
          locale: "sv",
          region: "SE",
          therapists: 0,
          clients: 0,
        },
      ],
    });
    const human = await c.run("practice", "list");
    expect(human.out).toEqual([
      `${practiceId}\tTest practice\tEurope/Stockholm\ten\tregion SE\t1 therapist\t1 client`,
      `${other.practiceId}\tSöder Therapy\tEurope/Stockholm\tsv\tregion SE\t0 therapists\t0 clients`,
    ]);
  });

  it("says so when there are none", async () => {
    const c = cli();
    expect((await c.run("practice", "list")).out).toEqual(["No practices."]);
  });
});

describe("practice show", () => {
  it("shows name, zone, language, region, the default schedule and every setting", async () => {
    const c = cli();
    const { practiceId } = await setUp(c);
    const id = String(practiceId);
    const bare = await c.json("practice", "show", id);
    expect(bare).toMatchObject({
      practiceId,
      name: "Test practice",
      timezone: "Europe/Stockholm",
      locale: "en",
      region: "SE",
      schedule: null,
      settings: { summaryDay: "monday", region: "SE" },
    });
    expect((await c.run("practice", "show", id)).out).toContain(
      "Default schedule: none (no check-ins are sent by schedule)",
    );

    await c.json(
      "schedule",
      "set",
      "--practice",
      id,
      "--spec",
      "weekly on Mon,Thu at 18:00",
      "--quiet",
      "22:00-08:00",
      "--jitter",
      "30",
    );
    const shown = await c.json("practice", "show", id);
    expect(shown.schedule).toMatchObject({
      spec: "weekly on Mon,Thu at 18:00",
      quietHours: "22:00-08:00",
      jitterMinutes: 30,
      activeFrom: null,
      activeUntil: null,
    });
    const human = (await c.run("practice", "show", id)).out;
    expect(human.slice(0, 5)).toEqual([
      `Practice ${practiceId}: Test practice`,
      "Time zone: Europe/Stockholm",
      "Language: en",
      "Region: SE",
      "Default schedule: weekly on Mon,Thu at 18:00; quiet hours 22:00–08:00; each send up to 30 min later",
    ]);
    expect(human).toContain(`Settings (change one with \`practice set ${practiceId} <setting> <value>\`):`);
    expect(human.join("\n")).toContain('"summaryDay": "monday"');
  });
});
