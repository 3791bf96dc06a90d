/**
 * Flags per session: a flag raised by a check-in about a session names that session, in its numbers
 * (for JSON) and at the end of its reason in every language; a check-in about no session gives the
 * reason as before.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertSession } from "../../src/db/repos/sessions.js";
import { occurrences } from "../../src/db/schema.js";
import { flagReason, summaryWords } from "../../src/insights/render/summary-text.js";
import { summariseWeek } from "../../src/insights/summarise.js";
import { weekNamed } from "../../src/insights/weeks.js";
import { caseload } from "../helpers/caseload.js";
import { prompts } from "../helpers/harness.js";
import { day, recordCheckin } from "../helpers/history.js";

function scene(withSession: boolean) {
  const c = caseload();
  const db = c.handle.db;
  const id = c.addClient("Oak-7");
  for (let d = 0; d < 70; d += 7) recordCheckin(db, id, day("2026-09-07", d), [4, 4, 4, 4]);
  const low = recordCheckin(db, id, day("2026-11-19", 0), [2, 2, 2, 2]);
  const session = insertSession(
    db,
    {
      clientId: id,
      startsAt: new Date("2026-11-18T13:00:00Z"),
      durationMinutes: 50,
      localDate: "2026-11-18",
      localTime: "14:00",
      timezone: "Europe/Stockholm",
      source: "cli",
      status: "held",
    },
    c.clock.now(),
  );
  if (withSession) db.update(occurrences).set({ sessionId: session.id }).where(eq(occurrences.id, low)).run();
  const week = weekNamed("2026-W47", "Europe/Stockholm") ?? expect.fail("no week");
  const summary = summariseWeek(db, prompts(), c.therapistId, week, c.clock.now()) ?? expect.fail("no summary");
  const client = summary.clients.find((x) => x.alias === "Oak-7") ?? expect.fail("no client");
  return client.flags.filter((f) => f.kind === "low" || f.kind === "drop");
}

describe("flags per session", () => {
  it("names the session a flagging check-in was about, in every language", () => {
    const flags = scene(true);
    expect(flags.map((f) => f.kind).sort()).toEqual(["drop", "low"]);
    for (const flag of flags) expect(flag.numbers.sessionAt).toBe("2026-11-18T13:00:00.000Z");
    for (const locale of ["en", "sv", "zh"] as const) {
      const w = summaryWords(prompts(), locale, "Europe/Stockholm");
      const suffix = prompts().messages.t(locale, "summary.flag_about_session", { date: "2026-11-18" });
      for (const flag of flags) expect(flagReason(flag, w).endsWith(suffix)).toBe(true);
    }
  });

  it("gives a check-in about no session its reason as before", () => {
    const flags = scene(false);
    expect(flags).not.toHaveLength(0);
    const w = summaryWords(prompts(), "en", "Europe/Stockholm");
    for (const flag of flags) {
      expect(flag.numbers.sessionAt).toBeUndefined();
      expect(flagReason(flag, w)).not.toContain("session on");
    }
  });
});
