/**
 * Applies practice.yaml to the database: creates the practice or brings it in line with the file
 * (name, zone, language, every setting, the default schedule, the backup ladder), in one transaction.
 * The file is the whole truth for what it covers: a setting it leaves out goes back to its default.
 * Applying the same file twice changes nothing the second time, and every run says what changed.
 */
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { DbOrTx } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { createPractice, listTherapists, setBackupRank } from "../db/repos/people.js";
import { scheduleAtScope, setSchedule } from "../db/repos/schedules.js";
import { practices } from "../db/schema.js";
import { type PracticeSettings, parsePracticeSettings, practiceSettingsSchema } from "../practice/settings.js";
import { FileProblemsError } from "../prompts/errors.js";
import type { LoadedPracticeConfig } from "./config-file.js";
import { type PracticeConfig, scheduleInputOf } from "./config-schema.js";
import { databaseProblems, targetPractice } from "./config-target.js";

export interface ConfigChange {
  /** "practice.timezone", "settings.flags.quietRun", "schedule", "backups.T-Berg". */
  path: string;
  from: unknown;
  to: unknown;
}

export interface ApplyResult {
  practiceId: number | null;
  created: boolean;
  changes: ConfigChange[];
  dryRun: boolean;
}

/** The settings the file describes; whatever it leaves out takes its default. */
export function settingsFromConfig(c: PracticeConfig): PracticeSettings {
  return practiceSettingsSchema.parse({
    riskItem: c.features.riskItem,
    clientNotes: c.features.clientNotes,
    noteSharing: c.sharing.notes,
    ceilingQuestion: c.features.ceilingQuestion,
    checkinAfterConsent: c.features.checkinAfterConsent,
    defaultCheckin: c.checkins.default,
    inviteTtlDays: c.windows.inviteTtlDays,
    reminderAfterMinutes: c.windows.reminderAfterMinutes,
    expireAfterMinutes: c.windows.expireAfterMinutes,
    catchUpMinutes: c.windows.catchUpMinutes,
    sessionMinutes: c.windows.sessionMinutes,
    therapistRatings: c.features.therapistRatings,
    therapistRatingAfterMinutes: c.windows.therapistRatingAfterMinutes,
    region: c.practice.region,
    crisisResources: c.crisisResources,
    escalateAfterMinutes: c.escalation.afterMinutes,
    followUpAfterMinutes: c.escalation.followUpAfterMinutes,
    retentionDays: c.retention?.days,
    flags: c.flags,
    summaryDay: c.summary.day,
    summaryTime: c.summary.time,
    topicRelease: c.topics.release,
    topicReleaseTime: c.topics.time,
    topicReleaseHoursBefore: c.topics.hoursBefore,
  });
}

/** Leaf values by dotted path; arrays (crisis resources) compare as a whole. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, `${prefix}.${key}`, out);
  } else out.set(prefix, value);
  return out;
}

export function settingChanges(current: PracticeSettings | undefined, wanted: PracticeSettings): ConfigChange[] {
  const before = flatten(current ?? {}, "settings", new Map());
  const after = flatten(wanted, "settings", new Map());
  const changes: ConfigChange[] = [];
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const from = before.get(path);
    const to = after.get(path);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ path, from: from ?? null, to: to ?? null });
  }
  return changes;
}

export function applyPracticeConfig(
  db: DbOrTx,
  loaded: LoadedPracticeConfig,
  now: Date,
  options: { dryRun: boolean; practiceId?: number },
): ApplyResult {
  const { config } = loaded;
  const file = { label: loaded.label, practiceName: config.practice.name, backups: config.escalation.backups };
  const problems = databaseProblems(db, file, options.practiceId);
  if (problems.length > 0) throw new FileProblemsError(problems);
  const existing = targetPractice(db, file, options.practiceId).practice;
  const wanted = settingsFromConfig(config);
  const changes: ConfigChange[] = [];
  for (const field of ["name", "timezone", "locale"] as const) {
    const from = existing?.[field] ?? null;
    if (from !== config.practice[field]) changes.push({ path: `practice.${field}`, from, to: config.practice[field] });
  }
  changes.push(...settingChanges(existing ? parsePracticeSettings(existing.settings) : undefined, wanted));

  // Backups name therapists of this practice (databaseProblems has refused a name that is not one).
  const therapists = existing ? listTherapists(db, existing.id) : [];
  const wantedRanks = new Map<number, number | null>(therapists.map((t) => [t.id, null]));
  config.escalation.backups.forEach((alias, index) => {
    const therapist = therapists.find((t) => t.alias === alias);
    if (therapist) wantedRanks.set(therapist.id, index + 1);
  });
  for (const therapist of therapists) {
    const to = wantedRanks.get(therapist.id) ?? null;
    if (therapist.backupRank !== to)
      changes.push({ path: `backups.${therapist.alias}`, from: therapist.backupRank, to });
  }

  const schedule = config.schedule ? scheduleInputOf(config.schedule) : undefined;
  const currentSchedule = existing ? scheduleAtScope(db, { practiceId: existing.id }) : undefined;
  if (schedule?.success) {
    const from = currentSchedule
      ? { spec: currentSchedule.spec, quiet: quietOf(currentSchedule), jitterMinutes: currentSchedule.jitterMinutes }
      : null;
    const to = {
      spec: schedule.data.spec,
      quiet: config.schedule?.quiet ?? null,
      jitterMinutes: schedule.data.jitterMinutes,
    };
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ path: "schedule", from, to });
  }

  if (options.dryRun || (existing && changes.length === 0)) {
    return { practiceId: existing?.id ?? null, created: false, changes, dryRun: options.dryRun };
  }
  const practice =
    existing ??
    createPractice(
      db,
      {
        name: config.practice.name,
        timezone: config.practice.timezone,
        locale: config.practice.locale,
        settings: wanted,
      },
      now,
    );
  db.update(practices)
    .set({
      name: config.practice.name,
      timezone: config.practice.timezone,
      locale: config.practice.locale,
      settings: wanted,
    })
    .where(eq(practices.id, practice.id))
    .run();
  for (const [therapistId, rank] of wantedRanks) setBackupRank(db, therapistId, rank);
  if (schedule?.success && changes.some((c) => c.path === "schedule")) {
    const anchor = DateTime.fromJSDate(now, { zone: config.practice.timezone }).toISODate() ?? "1970-01-01";
    setSchedule(db, { practiceId: practice.id }, schedule.data, now, anchor);
  }
  audit(
    db,
    {
      actor: "cli",
      action: existing ? "practice.config_applied" : "practice.created",
      subject: `practice:${practice.id}`,
      detail: { changes: changes.length },
    },
    now,
  );
  return { practiceId: practice.id, created: !existing, changes, dryRun: false };
}

function quietOf(row: { quietStart: string | null; quietEnd: string | null }): string | null {
  return row.quietStart && row.quietEnd ? `${row.quietStart}-${row.quietEnd}` : null;
}
