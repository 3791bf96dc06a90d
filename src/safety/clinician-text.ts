/**
 * How Interlude writes to a clinician: in their language, with times in their time zone (or the
 * practice's), and alert triggers described in words rather than codes.
 */
import type { DbOrTx } from "../db/connection.js";
import { getPractice, getTherapist, type TherapistRow } from "../db/repos/people.js";
import type { AlertKind } from "../db/schema.js";
import { formatLocalTime } from "../i18n/local-time.js";
import { isLocale, type Locale, referenceLocale } from "../i18n/locales.js";
import type { Prompts } from "../prompts/load.js";
import type { MessageKey } from "../prompts/message-keys.js";
import type { Placeholders } from "../prompts/messages.js";

export interface ClinicianText {
  therapist: TherapistRow;
  locale: Locale;
  t(key: MessageKey, values?: Placeholders): string;
  /** "2026-11-23 14:05 Europe/Stockholm": in the clinician's zone, the zone named. */
  time(at: Date): string;
  /** A trigger kind ("risk_item", "risk_text", "recovered") as a phrase that follows the alias. */
  trigger(kind: string): string;
  /** An alert's kind as a short label ("risk", "cannot be reached", …). */
  kind(kind: AlertKind): string;
}

const kindKeys: Record<AlertKind, MessageKey> = {
  risk: "clinician.kind_risk",
  undeliverable: "clinician.kind_undeliverable",
  rupture: "clinician.kind_rupture",
  disengagement: "clinician.kind_disengagement",
};

const triggerKeys: Record<string, MessageKey> = {
  risk_item: "clinician.trigger_risk_item",
  risk_text: "clinician.trigger_risk_text",
  recovered: "clinician.trigger_recovered",
};

export function clinicianText(db: DbOrTx, prompts: Prompts, therapistId: number): ClinicianText | undefined {
  const therapist = getTherapist(db, therapistId);
  if (!therapist) return undefined;
  const zone = therapist.timezone ?? getPractice(db, therapist.practiceId)?.timezone ?? "UTC";
  const locale = therapist.locale && isLocale(therapist.locale) ? therapist.locale : referenceLocale;
  const t = (key: MessageKey, values?: Placeholders) => prompts.messages.t(locale, key, values);
  return {
    therapist,
    locale,
    t,
    time: (at) => formatLocalTime(at, zone),
    trigger: (kind) => t(triggerKeys[kind] ?? "clinician.trigger_risk_text"),
    kind: (kind) => t(kindKeys[kind]),
  };
}
