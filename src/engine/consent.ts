/**
 * Consent at enrolment. The version stored with a decision identifies the exact text the client saw
 * (locale plus a hash of the text), so a later rewording never blurs what was agreed to: a new wording,
 * another retention period or the risk question switched on gives a new version by itself. A client
 * who already decided keeps the record of what they saw; one still deciding is shown the current text.
 */
import { createHash } from "node:crypto";
import { audit } from "../db/repos/audit.js";
import { recordConsent } from "../db/repos/checkins.js";
import type { ChoiceSetRow } from "../db/repos/choice-sets.js";
import { setClientStatus } from "../db/repos/people.js";
import { outboundPayloadSchema } from "../outbox/payload.js";
import { getOutboxRow } from "../outbox/queue.js";
import { settingsOf } from "../practice/settings.js";
import { crisisResourceLines } from "./crisis-resources.js";
import { startCheckin } from "./start-checkin.js";
import { type ClientTurn, reply, showChosen, text } from "./turn.js";

export const consentKeys = { accept: "a", decline: "d" } as const;

/**
 * The consent as this client would read it now: the practice's own retention period, and the risk
 * question named only where the practice asks it (a client told about a question they never get
 * would look for it, or take another question for it).
 */
export function consentText(turn: ClientTurn): string {
  const settings = settingsOf(turn.practice);
  return text(turn, "consent.text", {
    alert_triggers: text(turn, settings.riskItem ? "consent.alert_with_question" : "consent.alert_words_only"),
    resources: crisisResourceLines(turn),
    retention_days: settings.retentionDays,
    // The practice's default: a client reads the consent before any choice of their own.
    note_sharing: text(turn, `sharing.notes_${settings.noteSharing}`),
  });
}

/** The version of what the client actually saw: the text of the message whose button they pressed. */
function consentVersion(turn: ClientTurn, set: ChoiceSetRow): string {
  const shown = set.outboxId === null ? undefined : getOutboxRow(turn.tx, set.outboxId);
  const parsed = outboundPayloadSchema.safeParse(shown?.payload);
  const seen = parsed.success ? parsed.data.text : consentText(turn);
  const digest = createHash("sha256").update(seen).digest("hex").slice(0, 12);
  return `${turn.locale}:${digest}`;
}

/** Shows the consent text with I agree / No thanks. */
export function askConsent(turn: ClientTurn, lead?: "consent.pending"): void {
  if (lead) reply(turn, lead);
  turn.out.ask(
    turn.to,
    consentText(turn),
    [
      [
        { key: consentKeys.accept, label: text(turn, "consent.accept") },
        { key: consentKeys.decline, label: text(turn, "consent.decline") },
      ],
    ],
    { purpose: "consent" },
  );
}

export function decideConsent(turn: ClientTurn, set: ChoiceSetRow, key: string): void {
  if (turn.client.status !== "invited") return reply(turn, "checkin.stale");
  if (key !== consentKeys.accept && key !== consentKeys.decline) return reply(turn, "checkin.stale");
  const decision = key === consentKeys.accept ? "accepted" : "declined";
  const chosen = text(turn, decision === "accepted" ? "consent.accept" : "consent.decline");
  showChosen(turn, set, chosen);
  recordConsent(
    turn.tx,
    { clientId: turn.client.id, version: consentVersion(turn, set), decision, locale: turn.locale },
    turn.now,
  );
  audit(
    turn.tx,
    { actor: `client:${turn.client.id}`, action: `consent.${decision}`, subject: `client:${turn.client.id}` },
    turn.now,
  );
  if (decision === "declined") return reply(turn, "consent.declined");

  setClientStatus(turn.tx, turn.client.id, "active");
  reply(turn, "consent.accepted");
  const client = { ...turn.client, status: "active" as const };
  if (settingsOf(turn.practice).checkinAfterConsent) {
    const slot = { idempotencyKey: `after-consent:${client.id}:${turn.now.getTime()}`, scheduledFor: turn.now };
    startCheckin(turn.tx, turn.prompts, client, slot, turn.now);
  }
}
