/**
 * `session plan`, `session list` and `session import` at the command line: the chat's words, times in
 * the client's zone, refusals that change nothing (exit 2), and a calendar file read idempotently,
 * with a file that is not a calendar (or not UTF-8) refused with its name.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, setUp, snapshot } from "../helpers/cli.js";

const ics = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Test//Interlude//EN",
  "BEGIN:VEVENT",
  "UID:cli-1",
  "SUMMARY:Oak-7",
  "DTSTART;TZID=Europe/Stockholm:20261210T140000",
  "DTEND;TZID=Europe/Stockholm:20261210T145000",
  "RRULE:FREQ=WEEKLY;COUNT=3",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:cli-2",
  "SUMMARY:Dentist (private)",
  "DTSTART:20261211T090000Z",
  "END:VEVENT",
  "END:VCALENDAR",
].join("\r\n");

async function scene() {
  const c = cli();
  c.clock.set("2026-12-07T09:00:00Z");
  const ids = await setUp(c);
  return { c, ...ids };
}

describe("session", () => {
  it("plans in the client's local time and lists what is planned", async () => {
    const { c, clientId } = await scene();
    const planned = await c.run("session", "plan", "--client", String(clientId), "thu", "14:00");
    expect(planned).toMatchObject({ code: 0, out: ["Planned session 1: 2026-12-10 14:00 Europe/Stockholm, 50 min."] });
    const list = await c.json("session", "list", "--client", String(clientId));
    expect(list).toEqual({
      clientId,
      sessions: [{ id: 1, startsAt: "2026-12-10T13:00:00.000Z", minutes: 50, status: "planned", source: "cli" }],
    });
  });

  it("refuses words it cannot read, times in the past and unknown clients, changing nothing", async () => {
    const { c, clientId } = await scene();
    const before = snapshot(c.handle);
    for (const [argv, message] of [
      [["--client", String(clientId), "someday"], "error: words: expected"],
      [["--client", String(clientId), "2026-12-01", "14:00"], "error: words: that time has already passed"],
      [["--client", String(clientId), "cancel", "fri"], "error: words: there is no session to change that day"],
      [["--client", "99", "thu", "14:00"], "error: --client: no active client with that id"],
    ] as const) {
      const result = await c.run("session", "plan", ...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err, argv.join(" ")).toContain(message);
    }
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("imports a calendar file once however often it is imported", async () => {
    const { c, practiceId, clientId } = await scene();
    const dir = mkdtempSync(join(tmpdir(), "interlude-ics-"));
    const file = join(dir, "calendar.ics");
    writeFileSync(file, ics);
    const first = await c.json("session", "import", file, "--practice", String(practiceId));
    expect(first).toMatchObject({ events: 2, added: 3, unmatched: 1 });
    const human = await c.run("session", "import", file, "--practice", String(practiceId));
    expect(human.out).toEqual([
      "2 events read: 0 sessions added, 0 moved, 0 cancelled, 3 unchanged; 1 event named no client and was not kept.",
    ]);
    const list = await c.json("session", "list", "--client", String(clientId));
    expect((list.sessions as unknown[]).length).toBe(3);
  });

  it("sets a schedule timed to sessions and shows its next sends, one per session", async () => {
    const { c, clientId } = await scene();
    const set = await c.run("schedule", "set", "--client", String(clientId), "--spec", "after each session +24h");
    expect(set.code, set.err).toBe(0);
    await c.run("session", "plan", "--client", String(clientId), "every", "thu", "14:00");
    const show = await c.run("schedule", "show", "--client", String(clientId));
    expect(show.code, show.err).toBe(0);
    // 14:00–14:50 on Thursday 10 December, so the first check-in goes at 14:50 on Friday.
    expect(show.out.join("\n")).toContain("Fri 2026-12-11 14:50 Europe/Stockholm (for session 1)");
    const bad = await c.run("schedule", "set", "--client", String(clientId), "--spec", "after each session -1h");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"after each session +24h"');
  });

  it("refuses a file that is not a calendar, or not UTF-8, by its name", async () => {
    const { c, practiceId } = await scene();
    const dir = mkdtempSync(join(tmpdir(), "interlude-ics-"));
    const notCalendar = join(dir, "notes.ics");
    writeFileSync(notCalendar, "just some notes");
    const latin1 = join(dir, "latin1.ics");
    writeFileSync(latin1, Buffer.from([0x42, 0x45, 0x47, 0x49, 0x4e, 0x3a, 0xe5, 0x0a]));
    const before = snapshot(c.handle);
    const bad = await c.run("session", "import", notCalendar, "--practice", String(practiceId));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`${notCalendar}: not an iCalendar file`);
    const notUtf8 = await c.run("session", "import", latin1, "--practice", String(practiceId));
    expect(notUtf8.code).toBe(2);
    expect(notUtf8.err).toContain(`${latin1}: line 1: not valid UTF-8`);
    const missing = await c.run("session", "import", join(dir, "gone.ics"), "--practice", String(practiceId));
    expect(missing.err).toContain("cannot be read (ENOENT)");
    expect(snapshot(c.handle)).toEqual(before);
  });
});
