/**
 * One small caseload with every kind of week, shared by the rendering and delivery tests: a rupture
 * with a note, an open risk alert, a quiet client, a ceiling run, and a steady client.
 */

import { summariseWeek } from "../../src/insights/summarise.js";
import type { WeeklySummary } from "../../src/insights/weekly-summary.js";
import { weekNamed } from "../../src/insights/weeks.js";
import { type Caseload, caseload } from "../helpers/caseload.js";
import { prompts } from "../helpers/harness.js";
import { day, recordCheckin, recordUnanswered } from "../helpers/history.js";

export function mixedCaseload(options: Parameters<typeof caseload>[0] = {}): Caseload {
  const c = caseload(options);
  const db = c.handle.db;
  const rupture = c.addClient("Birch-2");
  const risk = c.addClient("Ash-1");
  const quiet = c.addClient("Cedar-3");
  const ceiling = c.addClient("Elm-5");
  const steady = c.addClient("Fir-6");
  for (let d = 0; d < 84; d += 3.5) {
    const at = day("2026-08-24", d);
    if (at >= day("2026-11-18", 0)) break;
    recordCheckin(db, rupture, at, [4, 5, 4, 4]);
    recordCheckin(db, risk, at, [4, 4, 4, 4]);
    if (at < day("2026-11-09", 0)) recordCheckin(db, quiet, at, [3, 4, 4, 4]);
    recordCheckin(db, ceiling, at, d > 60 ? [5, 5, 5, 5] : [4, 5, 5, 4]);
    recordCheckin(db, steady, at, [4, 4, 5, 4]);
  }
  recordCheckin(db, rupture, day("2026-11-19", 0), [2, 2, 3, 3], { note: "I felt *unheard* <b>bold</b> last time." });
  recordCheckin(db, steady, day("2026-11-20", 0), [4, 4, 5, 4], { note: "Thanks, this week went well." });
  recordCheckin(db, ceiling, day("2026-11-20", 0), [5, 5, 5, 5]);
  for (const at of ["2026-11-09", "2026-11-12", "2026-11-16", "2026-11-19"]) {
    recordUnanswered(db, quiet, day(at, 0), at === "2026-11-09" ? "missed" : "expired");
  }
  c.openRiskAlert(risk, day("2026-11-20", 0));
  return c;
}

export function w47Summary(c: Caseload): WeeklySummary {
  const week = weekNamed("2026-W47", "Europe/Stockholm");
  if (!week) throw new Error("no week");
  const summary = summariseWeek(c.handle.db, prompts(), c.therapistId, week, c.clock.now());
  if (!summary) throw new Error("no summary");
  return summary;
}
