/**
 * Practice settings live as JSON on the practice row and are parsed here, once, whenever they are read,
 * so an old or hand-edited row can never reach the engine half-valid. Step 7's practice.yaml writes them.
 */
import { z } from "zod";
import type { PracticeRow } from "../db/repos/people.js";
import { noteSharings, topicReleases } from "../db/schema.js";
import { clockTimeSchema } from "../i18n/clock-time.js";
import { isLocale, type Locale, localeSchema, locales } from "../i18n/locales.js";
import { flagThresholdsSchema } from "./thresholds.js";

/** ISO 3166-1 alpha-2, upper case ("SE", "GB", "CN"). */
export const regionSchema = z.string().regex(/^[A-Z]{2}$/, "must be a two-letter country code such as SE or GB");

/**
 * A resource's name or contact text: one text (old configs, or a resource meant for every language),
 * or one text per language, e.g. `{ en: "Emergency", sv: "Nödnummer", zh: "紧急电话" }`. A client is
 * shown only the text in their own language, so a Swedish reply never carries an English label.
 */
const resourceTextSchema = (max: number) =>
  z.unknown().transform((value, ctx): ResourceText => {
    const fits = (text: unknown) => typeof text === "string" && text.trim() !== "" && text.trim().length <= max;
    if (typeof value === "string") {
      if (fits(value)) return value.trim();
      ctx.addIssue({ code: "custom", message: `must be 1 to ${max} characters` });
      return z.NEVER;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const entries = Object.entries(value);
      const unknown = entries.map(([key]) => key).filter((key) => !isLocale(key));
      const bad = entries.filter(([, text]) => !fits(text)).map(([key]) => key);
      if (unknown.length > 0) {
        ctx.addIssue({ code: "custom", message: `languages are ${locales.join(", ")}, not ${unknown.join(", ")}` });
      } else if (entries.length === 0) {
        ctx.addIssue({ code: "custom", message: "give the text in at least one language (en, sv or zh)" });
      } else if (bad.length > 0) {
        ctx.addIssue({ code: "custom", message: `${bad.join(", ")}: must be 1 to ${max} characters` });
      } else {
        return Object.fromEntries(entries.map(([key, text]) => [key, (text as string).trim()]));
      }
      return z.NEVER;
    }
    ctx.addIssue({
      code: "custom",
      message: "give one text, or one per language as { en: ..., sv: ..., zh: ... }",
    });
    return z.NEVER;
  });
export type ResourceText = string | Partial<Record<Locale, string>>;

export const crisisResourceSchema = z.strictObject({
  /** Shown to clients in this region; omitted means "wherever the client is". */
  region: regionSchema.optional(),
  /** Shown only to clients whose locale matches; omitted means "in every language it has a name in". */
  locale: localeSchema.optional(),
  name: resourceTextSchema(80),
  contact: resourceTextSchema(120),
  /** Whether a person at the practice has checked that this number or address works. */
  verified: z.boolean(),
});
export type CrisisResource = z.infer<typeof crisisResourceSchema>;

export const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof weekdays)[number];

export const practiceSettingsSchema = z.strictObject({
  /** Ask the optional risk question in check-ins. Off unless the practice turns it on. */
  riskItem: z.boolean().default(false),
  /** Offer the free-text note at the end of each check-in. */
  clientNotes: z.boolean().default(true),
  /**
   * Who sees a client's notes, and when, unless the client chooses otherwise (/privacy, or the button
   * under each note): at once, once the client's next session has started, or nobody (kept for the client).
   */
  noteSharing: z.enum(noteSharings).default("now"),
  /** The check-in definition new clients get. */
  defaultCheckin: z.string().min(1).default("alliance-safety"),
  /** Send the first check-in straight after consent instead of waiting for the schedule. */
  checkinAfterConsent: z.boolean().default(false),
  /** How long an invite code stays valid. */
  inviteTtlDays: z.number().int().min(1).max(90).default(7),
  /** Where most clients are; picks crisis resources for clients without a region of their own. */
  region: regionSchema.optional(),
  /** Empty: Interlude's shipped examples are used, and start-up warns that nobody has verified them. */
  crisisResources: z.array(crisisResourceSchema).max(40).default([]),
  /** An unacknowledged risk alert goes up the backup ladder after this long, and again each time after. */
  escalateAfterMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  /** The gentle follow-up to a client who signalled risk, this long after the alert opened. */
  followUpAfterMinutes: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 60)
    .default(24 * 60),
  /** After downtime, a slot this late is still sent; an older one is recorded as missed. */
  catchUpMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(120),
  /** One reminder when a check-in is still untouched this long after it was sent; 0 turns reminders off. */
  reminderAfterMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(240),
  /**
   * Answers, notes and outbox payloads older than this are purged by the daily retention job (step 7);
   * the audit log's entries stay (they hold ids and kinds, never answers).
   */
  retentionDays: z.number().int().min(30).max(3650).default(365),
  /** Rupture and disengagement flag thresholds (see src/practice/thresholds.ts for the defaults). */
  flags: flagThresholdsSchema.default(flagThresholdsSchema.parse({})),
  /** The weekly summary goes out on this day at this local time of each therapist's zone. */
  summaryDay: z.enum(weekdays).default("monday"),
  // One time-of-day rule for this, practice.yaml and `schedule set`: the same times, the same wording.
  summaryTime: clockTimeSchema.default("08:00"),
  /**
   * After a run of top scores (the *ceiling* flag), the client's next check-in adds one optional
   * open question ("if one thing about your sessions could be a little different, what would it be?"),
   * worded like any other so the client is not told why. Off unless the practice turns it on.
   */
  ceilingQuestion: z.boolean().default(false),
  /** An open check-in closes as expired this long after it was created (partial answers are kept). */
  expireAfterMinutes: z
    .number()
    .int()
    .min(10)
    .max(14 * 24 * 60)
    .default(24 * 60),
  /** A session's length when whoever plans it gives none (`/session Oak-7 thu 14:00`). */
  sessionMinutes: z
    .number()
    .int()
    .min(10)
    .max(8 * 60)
    .default(50),
  /** After each held session, ask the therapist for their own rating of it (safety, bond, the work). */
  therapistRatings: z.boolean().default(true),
  /** How long after a held session ends its therapist is asked for their rating. */
  therapistRatingAfterMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  /** The release a topic kept with `/later` gets until its client picks another. */
  topicRelease: z.enum(topicReleases).default("before_session"),
  /**
   * A "before the session" topic is shown to the therapist at this local time on the session's day
   * (in the session's zone), and never later than an hour before the session starts…
   */
  topicReleaseTime: clockTimeSchema.default("08:00"),
  /** …or, when set, this many hours before the session starts instead. */
  topicReleaseHoursBefore: z.number().int().min(1).max(72).optional(),
});
export type PracticeSettings = z.infer<typeof practiceSettingsSchema>;

/**
 * Parsed settings by their stored JSON. Every started check-in reads its practice's settings, and a
 * zod parse per start was a visible share of a busy tick; a practice has one settings value at a
 * time, so the map stays tiny (it is emptied if it ever grows). Results are frozen because they are
 * shared between callers.
 */
const parsed = new Map<string, Readonly<PracticeSettings>>();

export function parsePracticeSettings(raw: unknown): PracticeSettings {
  const key = JSON.stringify(raw ?? {});
  const known = parsed.get(key);
  if (known) return known;
  const settings = deepFreeze(practiceSettingsSchema.parse(raw ?? {}));
  if (parsed.size >= 100) parsed.clear();
  parsed.set(key, settings);
  return settings;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A practice row's settings, parsed (with defaults filled in). */
export function settingsOf(practice: Pick<PracticeRow, "settings">): PracticeSettings {
  return parsePracticeSettings(practice.settings);
}
