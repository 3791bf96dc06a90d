/**
 * A small caseload worth looking at in a browser: three current clients of one therapist with eight
 * weeks of answered weekly check-ins up to `now`: one steady, one whose scores fall this week (a flag),
 * and one with an open risk alert (a risk flag).
 */
import type { DbOrTx } from "../../src/db/connection.js";
import { insertAlert } from "../../src/db/repos/alerts.js";
import { createClient, setClientStatus } from "../../src/db/repos/people.js";
import { recordCheckin } from "./history.js";

const WEEK = 7 * 86_400_000;

export interface SeededCaseload {
  steady: { id: number; alias: string };
  falling: { id: number; alias: string };
  atRisk: { id: number; alias: string };
}

export function seedBrowserCaseload(
  db: DbOrTx,
  ids: { practiceId: number; therapistId: number },
  now: Date,
  aliases: [string, string, string] = ["Oak-1", "Birch-2", "Cedar-3"],
): SeededCaseload {
  const enrol = (alias: string) => {
    const since = new Date(now.getTime() - 10 * WEEK);
    const client = createClient(db, { ...ids, alias, locale: "en", checkinId: "alliance-safety" }, since);
    setClientStatus(db, client.id, "active");
    return { id: client.id, alias };
  };
  const [steady, falling, atRisk] = aliases.map(enrol) as [
    SeededCaseload["steady"],
    SeededCaseload["falling"],
    SeededCaseload["atRisk"],
  ];
  // Weekly answers, oldest first, the last one a day before `now` (this week for a mid-week `now`).
  for (let weeksAgo = 7; weeksAgo >= 0; weeksAgo--) {
    const at = new Date(now.getTime() - weeksAgo * WEEK - 86_400_000);
    recordCheckin(db, steady.id, at, [4, 4, 4, 5]);
    recordCheckin(db, falling.id, at, weeksAgo === 0 ? [2, 1, 2, 1] : [4, 5, 4, 4]);
    recordCheckin(db, atRisk.id, at, [3, 3, 4, 3]);
  }
  insertAlert(db, { clientId: atRisk.id, therapistId: ids.therapistId, kind: "risk", trigger: "risk_item" }, now);
  return { steady, falling, atRisk };
}
