/**
 * `session import`: calendars with recurrences, exceptions (a moved and a cancelled occurrence, an
 * EXDATE), zones written three ways (an IANA TZID, Outlook's Windows name with its VTIMEZONE, UTC and
 * floating times), events that name no client, and titles naming two. Re-importing is idempotent, an
 * edited calendar moves and cancels what changed, a bad file changes nothing, and nothing of an event
 * but its times is stored.
 */
import { describe, expect, it } from "vitest";
import { createClient, createTherapist } from "../../src/db/repos/people.js";
import { sessions } from "../../src/db/schema.js";
import { CalendarFileError, calendarUidHash, importCalendar } from "../../src/sessions/calendar-import.js";
import { createHarness, seedPractice } from "../helpers/harness.js";

const stockholmZone = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Stockholm",
  "BEGIN:STANDARD",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "END:STANDARD",
  "BEGIN:DAYLIGHT",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "END:DAYLIGHT",
  "END:VTIMEZONE",
];

const outlookZone = [
  "BEGIN:VTIMEZONE",
  "TZID:W. Europe Standard Time",
  "BEGIN:STANDARD",
  "DTSTART:16010101T030000",
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "END:STANDARD",
  "BEGIN:DAYLIGHT",
  "DTSTART:16010101T020000",
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "END:DAYLIGHT",
  "END:VTIMEZONE",
];

interface Options {
  exdate?: boolean;
  movedTo?: string;
  withLunch?: boolean;
  withWeekly?: boolean;
}

/** A practice calendar: Oak-7 weekly on Thursdays, Birch-2 once, and a private lunch with a real name. */
function calendar(options: Options = {}): string {
  const { exdate = true, movedTo = "20261218T160000", withLunch = true, withWeekly = true } = options;
  const weekly = [
    "BEGIN:VEVENT",
    "UID:weekly-oak@practice.example",
    "SUMMARY:Session Oak-7 (Anna Svensson)",
    "DESCRIPTION:Anna Svensson\\, phone 070-1234567",
    "LOCATION:Room 2",
    "DTSTART;TZID=Europe/Stockholm:20261210T140000",
    "DTEND;TZID=Europe/Stockholm:20261210T145000",
    "RRULE:FREQ=WEEKLY;BYDAY=TH",
    ...(exdate ? ["EXDATE;TZID=Europe/Stockholm:20261224T140000"] : []),
    "END:VEVENT",
    // The 17th moved to Friday afternoon.
    "BEGIN:VEVENT",
    "UID:weekly-oak@practice.example",
    "SUMMARY:Session Oak-7 (Anna Svensson)",
    "RECURRENCE-ID;TZID=Europe/Stockholm:20261217T140000",
    `DTSTART;TZID=Europe/Stockholm:${movedTo}`,
    `DTEND;TZID=Europe/Stockholm:${movedTo.replace(/T(\d\d)/, (_, h) => `T${String(Number(h)).padStart(2, "0")}`).replace(/0000$/, "5000")}`,
    "END:VEVENT",
    // The 31st is cancelled.
    "BEGIN:VEVENT",
    "UID:weekly-oak@practice.example",
    "SUMMARY:Session Oak-7 (Anna Svensson)",
    "RECURRENCE-ID;TZID=Europe/Stockholm:20261231T140000",
    "DTSTART;TZID=Europe/Stockholm:20261231T140000",
    "DTEND;TZID=Europe/Stockholm:20261231T145000",
    "STATUS:CANCELLED",
    "END:VEVENT",
  ];
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Test//Interlude//EN",
    ...stockholmZone,
    ...outlookZone,
    ...(withWeekly ? weekly : []),
    "BEGIN:VEVENT",
    "UID:birch-intake@practice.example",
    "SUMMARY:birch-2 intake",
    "DTSTART:20261209T080000Z",
    "DTEND:20261209T093000Z",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:outlook-1",
    "SUMMARY:Oak-7 extra",
    "DTSTART;TZID=W. Europe Standard Time:20270105T100000",
    "DTEND;TZID=W. Europe Standard Time:20270105T105000",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:floating-1",
    "SUMMARY:Birch-2 follow-up",
    "DTSTART:20261216T170000",
    "DTEND:20261216T175000",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:both",
    "SUMMARY:Oak-7 and Birch-2 together",
    "DTSTART:20261211T100000Z",
    "END:VEVENT",
    ...(withLunch
      ? [
          "BEGIN:VEVENT",
          "UID:lunch",
          "SUMMARY:Lunch with Anna Svensson",
          "DTSTART:20261209T110000Z",
          "DTEND:20261209T120000Z",
          "END:VEVENT",
        ]
      : []),
    "END:VCALENDAR",
  ].join("\r\n");
}

function scene() {
  const h = createHarness();
  h.clock.set("2026-12-07T09:00:00Z");
  const seeded = seedPractice(h, { alias: "Oak-7" });
  const birch = createClient(
    h.handle.db,
    {
      practiceId: seeded.practiceId,
      therapistId: seeded.therapistId,
      alias: "Birch-2",
      locale: "en",
      checkinId: "alliance-safety",
    },
    h.clock.now(),
  );
  const run = (text: string) =>
    importCalendar(h.handle.db, text, { practiceId: seeded.practiceId, actor: "cli", now: h.clock.now() });
  const rows = () => h.handle.db.select().from(sessions).all();
  return { h, seeded, birch, run, rows };
}

describe("importing a calendar", () => {
  it("takes the clients' events with their recurrences and exceptions, in the right zones", () => {
    const { seeded, birch, run, rows } = scene();
    const report = run(calendar());
    expect(report).toMatchObject({ events: 6, unmatched: 1, ambiguous: 1, cancelled: 0 });
    const oak = rows().filter((r) => r.clientId === seeded.clientId);
    const dates = oak.filter((r) => r.status === "planned").map((r) => `${r.localDate} ${r.localTime}`);
    // Weekly from the 10th: the 17th moved to Friday 16:00, the 24th excluded, the 31st cancelled.
    expect(dates).toContain("2026-12-10 14:00");
    expect(dates).toContain("2026-12-18 16:00");
    expect(dates).not.toContain("2026-12-17 14:00");
    expect(dates.some((d) => d.startsWith("2026-12-24"))).toBe(false);
    expect(dates.some((d) => d.startsWith("2026-12-31"))).toBe(false);
    expect(dates).toContain("2027-01-07 14:00");
    // Outlook's zone name, by its VTIMEZONE: 10:00 in winter is 09:00 UTC.
    expect(oak.find((r) => r.localDate === "2027-01-05")?.startsAt.toISOString()).toBe("2027-01-05T09:00:00.000Z");
    // A session's length comes from its times.
    expect(oak.find((r) => r.localDate === "2026-12-10")?.durationMinutes).toBe(50);
    const birchRows = rows().filter((r) => r.clientId === birch.id);
    // UTC, shown in the client's zone (Stockholm, UTC+1); and a floating time read in that zone.
    expect(birchRows.map((r) => `${r.localDate} ${r.localTime} ${r.durationMinutes}`).sort()).toEqual([
      "2026-12-09 09:00 90",
      "2026-12-16 17:00 50",
    ]);
    expect(birchRows.find((r) => r.localDate === "2026-12-16")?.startsAt.toISOString()).toBe(
      "2026-12-16T16:00:00.000Z",
    );
  });

  it("stores nothing of an event but its times: no title, description, location or UID", () => {
    const { h, run } = scene();
    run(calendar());
    const dump = JSON.stringify(h.handle.sqlite.prepare("SELECT * FROM sessions").all());
    for (const secret of [
      "Anna",
      "Svensson",
      "070-1234567",
      "Room 2",
      "Session",
      "weekly-oak",
      "practice.example",
      "Lunch",
    ]) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toContain(calendarUidHash("weekly-oak@practice.example"));
    const audit = JSON.stringify(h.handle.sqlite.prepare("SELECT * FROM audit_log").all());
    expect(audit).not.toContain("Anna");
  });

  it("adds nothing twice when the same calendar is imported again", () => {
    const { run, rows } = scene();
    const first = run(calendar());
    const count = rows().length;
    const again = run(calendar());
    expect(rows()).toHaveLength(count);
    expect(again).toMatchObject({ added: 0, moved: 0, cancelled: 0, unchanged: first.added });
  });

  it("moves a moved occurrence, adds one no longer excluded, and cancels a removed event", () => {
    const { seeded, run, rows } = scene();
    run(calendar());
    const edited = run(calendar({ movedTo: "20261218T090000", exdate: false }));
    expect(edited).toMatchObject({ moved: 1, added: 1 });
    const oak = () => rows().filter((r) => r.clientId === seeded.clientId && r.status === "planned");
    expect(oak().map((r) => `${r.localDate} ${r.localTime}`)).toEqual(
      expect.arrayContaining(["2026-12-18 09:00", "2026-12-24 14:00"]),
    );
    const removed = run(calendar({ withWeekly: false }));
    // Ahead up to the horizon (1 February): the 10th, 18th, 24th and four Thursdays of January.
    expect(removed.cancelled).toBe(7);
    expect(oak().map((r) => r.localDate)).toEqual(["2027-01-05"]);
  });

  it("takes a therapist's calendar as theirs only: another therapist's import cancels none of it", () => {
    const { h, seeded, run, rows } = scene();
    run(calendar());
    const planned = () => rows().filter((r) => r.clientId === seeded.clientId && r.status === "planned").length;
    const before = planned();
    const other = createTherapist(h.handle.db, { practiceId: seeded.practiceId, alias: "T2" }, h.clock.now());
    const empty = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Interlude//EN", "END:VCALENDAR"].join("\r\n");
    const theirs = importCalendar(h.handle.db, empty, {
      practiceId: seeded.practiceId,
      therapistId: other.id,
      actor: "cli",
      now: h.clock.now(),
    });
    expect(theirs).toMatchObject({ events: 0, cancelled: 0 });
    expect(planned()).toBe(before);
  });

  it("refuses a file that is not a calendar and changes nothing", () => {
    const { run, rows } = scene();
    expect(() => run("this is not a calendar")).toThrow(CalendarFileError);
    expect(() => run("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD")).toThrow(CalendarFileError);
    expect(rows()).toEqual([]);
  });
});
