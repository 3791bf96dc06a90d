/**
 * The shape of a client's data export (GDPR Art. 20: in a structured, commonly used, machine-readable
 * format). It is a published contract: whoever receives the file may parse it with this schema, so a
 * change to it bumps `format`. Times are ISO 8601 in UTC.
 */
import { z } from "zod";
import {
  alertKinds,
  clientStatuses,
  noteSharings,
  occurrenceStatuses,
  platforms,
  scoreDetails,
  sessionSources,
  sessionStatuses,
  topicReleases,
} from "../db/schema.js";

/** 2: sessions added. 3: topics added (step 12). */
export const exportFormat = 3;
/** Formats this schema still reads: a format-2 file is the same but for `topics`. */
export const readableExportFormats = [2, 3] as const;
export const exportKind = "interlude-client-export";

const id = z.number().int().positive();
const time = z.iso.datetime();
const maybeTime = time.nullable();

/** The item as the client saw it: the current definition's wording, which may be a later version. */
const wording = {
  itemId: z.string(),
  /** The version of the item the client answered. */
  itemVersion: z.number().int(),
  /** The wording in the client's language and in English; null when the item is no longer defined. */
  itemText: z.string().nullable(),
  itemTextEn: z.string().nullable(),
  /** The version of that wording; differs from itemVersion when the item was reworded since. */
  wordingVersion: z.number().int().nullable(),
};

export const clientExportSchema = z.strictObject({
  format: z.union(readableExportFormats.map((f) => z.literal(f))),
  kind: z.literal(exportKind),
  exportedAt: time,
  client: z.strictObject({
    id,
    alias: z.string(),
    locale: z.string(),
    timezone: z.string().nullable(),
    region: z.string().nullable(),
    status: z.enum(clientStatuses),
    checkinId: z.string(),
    practiceId: id,
    therapistId: id,
    createdAt: time,
    erasureRequestedAt: maybeTime,
    /** The client's own default for their notes (null: the practice's); absent in files before step 12. */
    noteSharing: z.enum(noteSharings).nullable().optional(),
    /** What the therapist sees of the scores; absent in files before step 12. */
    scoreDetail: z.enum(scoreDetails).optional(),
  }),
  consents: z.array(
    z.strictObject({
      id,
      version: z.string(),
      decision: z.enum(["accepted", "declined"]),
      locale: z.string(),
      decidedAt: time,
    }),
  ),
  identities: z.array(
    z.strictObject({
      id,
      platform: z.enum(platforms),
      platformUserId: z.string(),
      chatId: z.string(),
      undeliverable: z.boolean(),
      linkedAt: time,
    }),
  ),
  occurrences: z.array(
    z.strictObject({
      id,
      checkinId: z.string(),
      checkinVersion: z.number().int(),
      status: z.enum(occurrenceStatuses),
      /** Since format 2 gained it (step 11): absent in the first format-2 files. */
      sessionId: id.nullable().optional(),
      intendedFor: time,
      createdAt: time,
      sentAt: maybeTime,
      remindedAt: maybeTime,
      firstAnswerAt: maybeTime,
      closedAt: maybeTime,
    }),
  ),
  /** Sessions with the therapist: times and status only (an imported calendar's titles are never kept). */
  sessions: z.array(
    z.strictObject({
      id,
      startsAt: time,
      durationMinutes: z.number().int(),
      status: z.enum(sessionStatuses),
      source: z.enum(sessionSources),
    }),
  ),
  answers: z.array(
    z.strictObject({
      id,
      occurrenceId: id,
      ...wording,
      value: z.number().int().nullable(),
      /** The chosen option's label in the client's language. */
      optionLabel: z.string().nullable(),
      skipped: z.boolean(),
      answeredAt: time,
    }),
  ),
  /** Answers to text items: what the client wrote. */
  notes: z.array(
    z.strictObject({
      id,
      occurrenceId: id,
      ...wording,
      text: z.string().nullable(),
      skipped: z.boolean(),
      answeredAt: time,
      /** The note's own sharing (null: the client's default); absent in files before step 12. */
      sharing: z.enum(noteSharings).nullable().optional(),
    }),
  ),
  alerts: z.array(
    z.strictObject({
      id,
      kind: z.enum(alertKinds),
      trigger: z.string(),
      openedAt: time,
      acknowledgedAt: maybeTime,
      acknowledgedBy: z.string().nullable(),
      escalationLevel: z.number().int(),
      followUpSentAt: maybeTime,
      followUpAnswer: z.string().nullable(),
      followUpAnsweredAt: maybeTime,
      followUpNote: z.string().nullable(),
      triggers: z.array(
        z.strictObject({
          id,
          kind: z.string(),
          occurrenceId: id.nullable(),
          rule: z.string().nullable(),
          text: z.string().nullable(),
          at: time,
        }),
      ),
    }),
  ),
  /**
   * Topics the client kept for a session (`/later`), whatever their release, "just for me" ones
   * included; a withdrawn topic is deleted and so is not here. Since format 3: absent in format 2.
   */
  topics: z
    .array(
      z.strictObject({
        id,
        text: z.string(),
        release: z.enum(topicReleases),
        releasedAt: maybeTime,
        remindedAt: maybeTime,
        createdAt: time,
        updatedAt: time,
      }),
    )
    .optional(),
  /** Audit entries whose subject or actor is this client. */
  audit: z.array(
    z.strictObject({
      id,
      at: time,
      actor: z.string(),
      action: z.string(),
      subject: z.string(),
      detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
    }),
  ),
});

export type ClientExport = z.infer<typeof clientExportSchema>;
