/**
 * Loud start-up warnings about the safety set-up: a practice whose clients would be shown crisis
 * numbers nobody has checked, that has no region (and which region its clients' resources are then
 * derived from), or whose risk alerts have no backup clinician to escalate to. They go
 * to stderr whatever the log level (and to the log), because a quiet warning is one nobody reads.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { App } from "../app.js";
import { backupRanks } from "../db/repos/alerts.js";
import { listPractices, settingsOf } from "../db/repos/people.js";
import { clients } from "../db/schema.js";
import { isLocale, type Locale } from "../i18n/locales.js";
import { regionWarning, unverifiedResourcesWarning } from "./crisis-resources.js";

export function safetyWarnings(app: Pick<App, "database" | "prompts">): string[] {
  const warnings: string[] = [];
  for (const practice of listPractices(app.database.db)) {
    const settings = settingsOf(practice);
    const unverified = unverifiedResourcesWarning(practice, settings, app.prompts.crisisExamples);
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

/** The languages of a practice's clients who have no region of their own (the ones the chain decides for). */
function clientLocales(app: Pick<App, "database">, practiceId: number): Locale[] {
  return app.database.db
    .selectDistinct({ locale: clients.locale })
    .from(clients)
    .where(and(eq(clients.practiceId, practiceId), isNull(clients.region)))
    .all()
    .map((row) => row.locale)
    .filter(isLocale);
}

export function warnAboutCrisisResources(
  app: Pick<App, "database" | "prompts" | "logger">,
  write: (line: string) => void,
): void {
  const warnings = safetyWarnings(app);
  for (const warning of warnings) {
    app.logger.warn({ warning }, "safety set-up needs attention");
    write(`\n*** WARNING: ${warning}\n`);
  }
  if (warnings.length > 0) write("\n");
}
