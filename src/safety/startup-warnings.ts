/**
 * Loud start-up warnings about the safety set-up: a practice whose clients would be shown crisis
 * numbers nobody has checked, that has no region (and which region its clients' resources are then
 * derived from), or whose risk alerts have no backup clinician to escalate to. Only the resources of
 * the regions in use are named: a Swedish practice is not asked to check numbers in Singapore.
 * `print-warnings.ts` prints them.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { DatabaseHandle } from "../db/connection.js";
import { backupRanks } from "../db/repos/alerts.js";
import { listPractices, type PracticeRow } from "../db/repos/people.js";
import { clients } from "../db/schema.js";
import { isLocale, type Locale, referenceLocale } from "../i18n/locales.js";
import { type PracticeSettings, settingsOf } from "../practice/settings.js";
import { chooseCrisisResources, regionWarning, unverifiedResourcesWarning } from "./crisis-resources.js";
import type { SafetyPrompts } from "./safety-prompts.js";

/** What the warnings are read from: the database, and the example resources shipped with Interlude. */
interface WarningSources {
  database: Pick<DatabaseHandle, "db">;
  prompts: Pick<SafetyPrompts, "crisisExamples">;
}

export function safetyWarnings(app: WarningSources): string[] {
  const warnings: string[] = [];
  for (const practice of listPractices(app.database.db)) {
    const settings = settingsOf(practice);
    const shown = regionsShown(app, practice, settings);
    const unverified = unverifiedResourcesWarning(practice, settings, app.prompts.crisisExamples, shown);
    if (unverified) warnings.push(unverified);
    const noRegion = regionWarning(practice, settings, app.prompts.crisisExamples, [
      ...clientLocales(app, practice.id),
      ...(isLocale(practice.locale) ? [practice.locale] : []),
    ]);
    if (noRegion) warnings.push(noRegion);
    if (backupRanks(app.database.db, practice.id).length === 0) {
      warnings.push(
        `practice ${practice.id} (${practice.name}) has no backup clinician: an unacknowledged risk alert can only be sent to the client's own therapist again. Add one with \`therapist backup\`.`,
      );
    }
  }
  return warnings;
}

/**
 * The regions a practice's crisis replies would be for: each client's (derived as for a real reply) and
 * a new client's, who starts with the practice's language and no region or zone of their own.
 */
function regionsShown(app: WarningSources, practice: PracticeRow, settings: PracticeSettings) {
  const people = app.database.db
    .selectDistinct({ region: clients.region, locale: clients.locale, timezone: clients.timezone })
    .from(clients)
    .where(eq(clients.practiceId, practice.id))
    .all();
  const regions = new Set<string>();
  for (const person of [...people, { region: null, locale: practice.locale, timezone: null }]) {
    const locale = isLocale(person.locale) ? person.locale : referenceLocale;
    const { region } = chooseCrisisResources(settings, app.prompts.crisisExamples, { ...person, locale }, practice);
    if (region) regions.add(region);
  }
  return regions;
}

/** The languages of a practice's clients who have no region of their own (the ones the chain decides for). */
function clientLocales(app: Pick<WarningSources, "database">, practiceId: number): Locale[] {
  return app.database.db
    .selectDistinct({ locale: clients.locale })
    .from(clients)
    .where(and(eq(clients.practiceId, practiceId), isNull(clients.region)))
    .all()
    .map((row) => row.locale)
    .filter(isLocale);
}
