/**
 * A practice (Stockholm) with one therapist and named-by-alias clients, for insight and summary tests.
 */
import { FakeClock } from "../../src/clock.js";
import { type DatabaseHandle, openInMemoryDatabase } from "../../src/db/connection.js";
import { insertAlert } from "../../src/db/repos/alerts.js";
import { createClient, createPractice, createTherapist, setClientStatus } from "../../src/db/repos/people.js";
import type { ClientStatus } from "../../src/db/schema.js";
import type { Locale } from "../../src/i18n/locales.js";
import type { PracticeSettings } from "../../src/practice/settings.js";

export interface Caseload {
  handle: DatabaseHandle;
  clock: FakeClock;
  practiceId: number;
  therapistId: number;
  addClient(alias: string, status?: ClientStatus): number;
  addTherapist(alias: string, options?: { timezone?: string; locale?: Locale }): number;
  openRiskAlert(clientId: number, at: Date): number;
}

export function caseload(
  options: { settings?: Partial<PracticeSettings>; timezone?: string; locale?: Locale; now?: Date } = {},
): Caseload {
  const handle = openInMemoryDatabase();
  const clock = new FakeClock(options.now ?? new Date("2026-11-23T07:00:00Z"));
  const db = handle.db;
  const start = new Date("2026-01-01T00:00:00Z");
  const practice = createPractice(
    db,
    { name: "Insight practice", timezone: "Europe/Stockholm", locale: "en", settings: options.settings ?? {} },
    start,
  );
  const addTherapist = (alias: string, o: { timezone?: string; locale?: Locale } = {}) =>
    createTherapist(db, { practiceId: practice.id, alias, ...o }, start).id;
  const therapistId = addTherapist("T1", {
    ...(options.timezone ? { timezone: options.timezone } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return {
    handle,
    clock,
    practiceId: practice.id,
    therapistId,
    addTherapist,
    addClient(alias, status = "active") {
      const client = createClient(
        db,
        { practiceId: practice.id, therapistId, alias, locale: "en", checkinId: "alliance-safety" },
        start,
      );
      if (status !== "invited") setClientStatus(db, client.id, status);
      return client.id;
    },
    openRiskAlert(clientId, at) {
      return insertAlert(db, { clientId, therapistId, kind: "risk", trigger: "risk_item" }, at).id;
    },
  };
}
