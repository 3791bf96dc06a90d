/**
 * The export as CSV: one file per section, so each opens as one table in a spreadsheet. Nested data
 * is flattened (an alert's triggers get their own file, keyed by alert id); an audit entry's detail
 * stays one JSON-encoded field.
 */
import { type CsvValue, encodeCsv } from "./csv.js";
import type { ClientExport } from "./export-schema.js";

export interface CsvFile {
  name: string;
  rows: number;
  content: string;
}

/** One file from records of the same shape; the columns are the keys, in a fixed order. */
function table<T extends Record<string, unknown>>(
  name: string,
  columns: readonly (keyof T & string)[],
  records: readonly T[],
): CsvFile {
  const rows = records.map((record) => columns.map((column) => record[column] as CsvValue));
  return { name, rows: records.length, content: encodeCsv(columns, rows) };
}

export function exportCsvFiles(doc: ClientExport): CsvFile[] {
  const wording = ["itemId", "itemVersion", "itemText", "itemTextEn", "wordingVersion"] as const;
  return [
    table(
      "client.csv",
      [
        "format",
        "exportedAt",
        "id",
        "alias",
        "locale",
        "timezone",
        "region",
        "status",
        "checkinId",
        "practiceId",
        "therapistId",
        "createdAt",
        "erasureRequestedAt",
        "noteSharing",
        "scoreDetail",
      ],
      [{ format: doc.format, exportedAt: doc.exportedAt, ...doc.client }],
    ),
    table("consents.csv", ["id", "version", "decision", "locale", "decidedAt"], doc.consents),
    table(
      "identities.csv",
      ["id", "platform", "platformUserId", "chatId", "undeliverable", "linkedAt"],
      doc.identities,
    ),
    table(
      "occurrences.csv",
      [
        "id",
        "checkinId",
        "checkinVersion",
        "status",
        "sessionId",
        "intendedFor",
        "createdAt",
        "sentAt",
        "remindedAt",
        "firstAnswerAt",
        "closedAt",
      ],
      doc.occurrences,
    ),
    table("sessions.csv", ["id", "startsAt", "durationMinutes", "status", "source"], doc.sessions),
    table(
      "answers.csv",
      ["id", "occurrenceId", ...wording, "value", "optionLabel", "skipped", "answeredAt"],
      doc.answers,
    ),
    table("notes.csv", ["id", "occurrenceId", ...wording, "text", "skipped", "answeredAt", "sharing"], doc.notes),
    table(
      "alerts.csv",
      [
        "id",
        "kind",
        "trigger",
        "openedAt",
        "acknowledgedAt",
        "acknowledgedBy",
        "escalationLevel",
        "followUpSentAt",
        "followUpAnswer",
        "followUpAnsweredAt",
        "followUpNote",
      ],
      doc.alerts,
    ),
    table(
      "alert_triggers.csv",
      ["alertId", "id", "kind", "occurrenceId", "rule", "text", "at"],
      doc.alerts.flatMap((alert) => alert.triggers.map((t) => ({ alertId: alert.id, ...t }))),
    ),
    table(
      "topics.csv",
      ["id", "text", "release", "releasedAt", "remindedAt", "createdAt", "updatedAt"],
      doc.topics ?? [],
    ),
    table(
      "audit.csv",
      ["id", "at", "actor", "action", "subject", "detail"],
      doc.audit.map((entry) => ({ ...entry, detail: entry.detail === null ? null : JSON.stringify(entry.detail) })),
    ),
  ];
}
