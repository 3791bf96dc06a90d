/**
 * The shape of practice.yaml: everything a practice decides about how Interlude runs for it, as code
 * it can review and keep in version control. Therapists and clients are not in it (they change daily
 * and are managed with the CLI); backup contacts name therapists by alias.
 */
import { z } from "zod";
import { noteSharings, topicReleases } from "../db/schema.js";
import { clockTimeSchema, quietHoursSchema } from "../i18n/clock-time.js";
import { localeSchema } from "../i18n/locales.js";
import { timezoneSchema } from "../i18n/timezone.js";
import { crisisResourceSchema, regionSchema, weekdays } from "../practice/settings.js";
import { flagThresholdsSchema } from "../practice/thresholds.js";
import { scheduleInputSchema, scheduleSpecSchema } from "../schedule/spec.js";

const minutes = (max: number, min = 0) => z.number().int().min(min).max(max);

export const practiceConfigSchema = z.strictObject({
  practice: z.strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .regex(/^[^\p{Cc}\p{Cf}]+$/u, "must not contain control or invisible characters"),
    timezone: timezoneSchema,
    locale: localeSchema,
    /** Picks crisis resources for clients without a region of their own. */
    region: regionSchema.optional(),
  }),
  checkins: z
    .strictObject({
      /** The check-in new clients get. */
      default: z.string().min(1).default("alliance-safety"),
      /** Extra check-in definition files, relative to this file (e.g. an instrument the practice licenses). */
      custom: z.array(z.string().min(1)).max(20).default([]),
    })
    .default({ default: "alliance-safety", custom: [] }),
  /** The practice's default schedule; omitted: the schedule is managed with `schedule set` instead. */
  schedule: z
    .strictObject({
      // Checked here as `schedule set` checks them, so problems carry this file's key names.
      spec: scheduleSpecSchema,
      quiet: quietHoursSchema.optional(),
      jitterMinutes: z.number().int().min(0).max(720).default(0),
    })
    .optional(),
  windows: z
    .strictObject({
      reminderAfterMinutes: minutes(7 * 24 * 60).optional(),
      expireAfterMinutes: minutes(14 * 24 * 60, 10).optional(),
      catchUpMinutes: minutes(24 * 60).optional(),
      inviteTtlDays: z.number().int().min(1).max(90).optional(),
      sessionMinutes: minutes(8 * 60, 10).optional(),
      therapistRatingAfterMinutes: minutes(7 * 24 * 60).optional(),
    })
    .default({}),
  summary: z
    .strictObject({
      day: z.enum(weekdays).optional(),
      // The same times as settings.summaryTime accepts, with the out-of-range part named.
      time: clockTimeSchema.optional(),
    })
    .default({}),
  /** Flag thresholds; any left out keep their defaults. */
  flags: flagThresholdsSchema.partial().default({}),
  crisisResources: z.array(crisisResourceSchema).max(40).default([]),
  escalation: z
    .strictObject({
      afterMinutes: minutes(24 * 60, 5).optional(),
      followUpAfterMinutes: minutes(7 * 24 * 60, 60).optional(),
      /** Backup clinicians, first asked first: therapist aliases of this practice. */
      backups: z.array(z.string().trim().min(1)).max(10).superRefine(listedOnce).default([]),
    })
    .default({ backups: [] }),
  retention: z.strictObject({ days: z.number().int().min(30).max(3650) }).optional(),
  features: z
    .strictObject({
      riskItem: z.boolean().optional(),
      ceilingQuestion: z.boolean().optional(),
      clientNotes: z.boolean().optional(),
      checkinAfterConsent: z.boolean().optional(),
      therapistRatings: z.boolean().optional(),
    })
    .default({}),
  /** Topics clients keep for their next session (`/later`): the default release and when "before" is. */
  topics: z
    .strictObject({
      release: z.enum(topicReleases).optional(),
      time: clockTimeSchema.optional(),
      hoursBefore: z.number().int().min(1).max(72).optional(),
    })
    .default({}),
  /** Who sees clients' notes by default: now, next_session (once their next session has started) or private. */
  sharing: z.strictObject({ notes: z.enum(noteSharings).optional() }).default({}),
});
export type PracticeConfig = z.infer<typeof practiceConfigSchema>;

function listedOnce(aliases: string[], ctx: z.RefinementCtx<string[]>): void {
  aliases.forEach((alias, index) => {
    if (aliases.indexOf(alias) !== index) {
      ctx.addIssue({ code: "custom", path: [index], message: `"${alias}" is listed twice` });
    }
  });
}

/** Checks the schedule block the way `schedule set` does, so both accept and refuse the same specs. */
export function scheduleInputOf(schedule: NonNullable<PracticeConfig["schedule"]>) {
  return scheduleInputSchema.safeParse({
    spec: schedule.spec,
    quietHours: schedule.quiet,
    jitterMinutes: schedule.jitterMinutes,
  });
}
