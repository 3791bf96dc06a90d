/**
 * Starting a check-in for a client: the one way an occurrence comes into being, whether the schedule,
 * the CLI or consent asks. The idempotency key is inserted first, so asking twice sends once.
 */

import type { Tx } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { closeOccurrence, insertOccurrence, openOccurrenceFor, setFirstOutbox } from "../db/repos/checkins.js";
import { deliveryIdentityForClient } from "../db/repos/identities.js";
import { type ClientRow, getPractice, type PracticeRow } from "../db/repos/people.js";
import { getSession, latestEndedSession, type SessionRow } from "../db/repos/sessions.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import { sessionDayText } from "../i18n/session-day.js";
import { dueForCeilingQuestion } from "../insights/ceiling.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import { settingsOf } from "../practice/settings.js";
import type { ItemFeatureSwitch } from "../prompts/checkin-schema.js";
import type { SafetyPrompts } from "../safety/safety-prompts.js";
import type { CheckinStarter, Slot, StartResult } from "../schedule/checkin-starter.js";
import { askCurrentQuestion } from "./checkin-flow.js";
import { type ClientTurn, text } from "./turn.js";

/**
 * How recent a session must be for a calendar-scheduled check-in to be about it: two weeks covers
 * fortnightly sessions; beyond that, the check-in is about the therapy in general.
 */
const reflectsOnSessionWithinMs = 14 * 86_400_000;

/** The session the check-in is about: the slot's own (timed to it), else the latest one just past. */
function sessionOfSlot(tx: Tx, client: ClientRow, slot: Slot, now: Date): SessionRow | undefined {
  if (slot.sessionId !== undefined) return getSession(tx, slot.sessionId);
  return latestEndedSession(tx, client.id, now, reflectsOnSessionWithinMs);
}

/** The first line names the session: the one just had, or the one ahead for a check-in before it. */
function introOf(turn: ClientTurn, session: SessionRow | undefined): string {
  if (!session) return text(turn, "checkin.intro");
  const day = sessionDayText(session.startsAt, session.timezone, turn.locale);
  const ahead = session.startsAt.getTime() > turn.now.getTime();
  return text(turn, ahead ? "checkin.intro_before_session" : "checkin.intro_after_session", { day });
}

/** `practice` is the client's practice if the caller has already read it (the tick reads it once). */
export function startCheckin(
  tx: Tx,
  prompts: SafetyPrompts,
  client: ClientRow,
  slot: Slot,
  now: Date,
  practice: PracticeRow | undefined = getPractice(tx, client.practiceId),
): StartResult {
  if (client.status !== "active") return { status: "skipped", reason: "client_not_active" };
  const identity = deliveryIdentityForClient(tx, client.id);
  if (!identity) return { status: "skipped", reason: "no_deliverable_account" };
  const checkin = prompts.checkins.get(client.checkinId);
  if (!checkin || !practice) return { status: "skipped", reason: "unknown_checkin" };

  const settings = settingsOf(practice);
  const switches: Record<ItemFeatureSwitch, boolean> = {
    risk_item: settings.riskItem,
    ceiling_question: dueForCeilingQuestion(tx, prompts, client.id, settings),
    client_notes: settings.clientNotes,
  };
  const itemIds = checkin.items.filter((item) => !item.enabled_by || switches[item.enabled_by]).map((item) => item.id);
  const previous = openOccurrenceFor(tx, client.id);
  const session = sessionOfSlot(tx, client, slot, now);
  const occurrence = insertOccurrence(
    tx,
    {
      clientId: client.id,
      idempotencyKey: slot.idempotencyKey,
      checkinId: checkin.id,
      checkinVersion: checkin.version,
      itemIds,
      scheduledFor: slot.scheduledFor,
      ...(slot.scheduleId === undefined ? {} : { scheduleId: slot.scheduleId }),
      ...(session ? { sessionId: session.id } : {}),
    },
    now,
  );
  if (!occurrence) return { status: "duplicate" };
  if (previous) {
    // One open check-in per client: the older one closes, keeping whatever was answered.
    closeOccurrence(tx, previous.id, "superseded", now);
    audit(
      tx,
      {
        actor: "system",
        action: "occurrence.superseded",
        subject: `occurrence:${previous.id}`,
        detail: { by: occurrence.id },
      },
      now,
    );
  }
  audit(
    tx,
    {
      actor: "system",
      action: "occurrence.started",
      subject: `client:${client.id}`,
      detail: { occurrence: occurrence.id },
    },
    now,
  );

  const turn: ClientTurn = {
    tx,
    now,
    prompts,
    out: new Outbound(tx, now, `occ:${occurrence.id}`, priority.scheduled),
    to: { platform: identity.platform, chatId: identity.chatId, identityId: identity.id },
    locale: isLocale(client.locale) ? client.locale : referenceLocale,
    client,
    practice,
  };
  // One message, not two: half the sends against the platform's rate limit, and nothing to reorder.
  const first = askCurrentQuestion(turn, occurrence, introOf(turn, session));
  if (first) setFirstOutbox(tx, occurrence.id, first.id);
  return { status: "started", occurrenceId: occurrence.id };
}

/** startCheckin with these prompts, as the scheduler calls it when a slot is due. */
export function checkinStarter(prompts: SafetyPrompts): CheckinStarter {
  return (tx, client, slot, now, practice) => startCheckin(tx, prompts, client, slot, now, practice);
}
