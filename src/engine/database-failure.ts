/**
 * What the engine does when handling an event fails and rolls back: a risk signal still gets its
 * crisis reply (straight from memory, not through the failed database) and goes to the spool; anyone
 * else is told something went wrong. Kept apart from the engine's normal path because every line here
 * must work with the database half broken.
 */

import { findIdentity } from "../db/repos/identities.js";
import { getClient, getPractice } from "../db/repos/people.js";
import { markUpdateProcessed } from "../db/repos/processed-updates.js";
import { isLocale, type Locale, locales, referenceLocale } from "../i18n/locales.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import { crisisReplyText, crisisResourceText } from "../safety/crisis-reply.js";
import type { SafetyPrompts } from "../safety/safety-prompts.js";
import type { ParsedEvent } from "./events.js";
import type { EngineDeps } from "./ports.js";
import type { EventRiskSignal } from "./prescreen.js";

type FailureDeps = Pick<EngineDeps, "db" | "prompts" | "logger" | "urgent" | "spool">;

/** For someone whose language is unknown: the message in every language Interlude speaks. */
export function inEveryLanguage(prompts: SafetyPrompts, key: "crisis.unlinked"): string {
  return locales.map((locale) => prompts.messages.t(locale, key)).join("\n\n");
}

/**
 * The database failed (or was locked past the crisis path's short wait) while someone signalled
 * risk. The crisis reply goes out anyway, straight from memory, in the client's language if the
 * database can still be read (and in all three if not). A client's disclosure goes to the spool
 * first, so its alert opens once the database works again, and how the send ended is added to the
 * spool afterwards: replay sends the reply again if it never arrived. In a group chat, as when the
 * database works: the general reply for anyone, and nothing spooled (no alert). Returns whether a
 * crisis reply is on its way (not for a therapist), in which case it is the whole reply.
 */
export function crisisWithoutDatabase(
  deps: FailureDeps,
  event: ParsedEvent,
  risk: EventRiskSignal,
  now: Date,
): boolean {
  const { prompts, logger } = deps;
  const known =
    event.chatType === "group"
      ? { message: inEveryLanguage(prompts, "crisis.unlinked"), linkedClient: false }
      : crisisReplyFromWhatCanBeRead(deps, event, risk);
  if (known === "therapist") return false;
  const { linkedClient } = known;
  const message =
    known.message ??
    locales
      .map((locale) =>
        crisisReplyText(prompts, locale, risk.kind, prompts.messages.t(locale, "crisis.emergency_numbers"), false),
      )
      .join("\n\n");
  const spooled = linkedClient && spoolDisclosure(deps, event, risk, now);
  const sent = deps.urgent?.sendUnrecorded(
    event.platform,
    event.chatId,
    message,
    `crisis:${event.platform}:${event.updateId}`,
  );
  if (!sent) {
    logger.error({ platform: event.platform }, "crisis reply could not be sent: no direct channel");
    return true;
  }
  void sent.then(
    () => spooled && recordReply(deps, event, "sent"),
    (error: unknown) => {
      logger.error(
        { err: { name: (error as Error).name }, platform: event.platform },
        "crisis reply could not be sent",
      );
      if (spooled) recordReply(deps, event, "failed");
    },
  );
  return true;
}

function spoolDisclosure(deps: FailureDeps, event: ParsedEvent, risk: EventRiskSignal, now: Date): boolean {
  try {
    if (!deps.spool) return false;
    deps.spool.append({
      platform: event.platform,
      platformUserId: event.platformUserId,
      updateId: event.updateId,
      kind: risk.kind,
      ...(risk.kind === "risk_text" ? { rule: risk.rule } : {}),
      at: now.getTime(),
    });
    deps.logger.error({ platform: event.platform, updateId: event.updateId }, "risk signal spooled: database failed");
    return true;
  } catch (error) {
    deps.logger.fatal(
      { err: { name: (error as Error).name }, platform: event.platform, updateId: event.updateId },
      "risk signal could be neither stored nor spooled",
    );
    return false;
  }
}

function recordReply(deps: FailureDeps, event: ParsedEvent, outcome: "sent" | "failed"): void {
  try {
    deps.spool?.recordReply(event.platform, event.updateId, outcome);
  } catch (error) {
    // Replay then treats the reply as unknown and sends it again: a duplicate, never a gap.
    deps.logger.error({ err: { name: (error as Error).name } }, "could not note the crisis reply in the spool");
  }
}

/**
 * Who wrote, as far as the failing database still answers: a therapist (no crisis reply), a client
 * (their language and resources), or nobody linked (the general reply). `message` is undefined when
 * nothing could be read; `linkedClient` then errs towards spooling. Reads only: in WAL mode they do
 * not wait for another process's write lock.
 */
function crisisReplyFromWhatCanBeRead(
  deps: FailureDeps,
  event: ParsedEvent,
  risk: EventRiskSignal,
): { message: string | undefined; linkedClient: boolean } | "therapist" {
  const { prompts } = deps;
  try {
    const identity = findIdentity(deps.db, event.platform, event.platformUserId);
    if (identity?.therapistId) return "therapist";
    if (!identity) return { message: inEveryLanguage(prompts, "crisis.unlinked"), linkedClient: false };
    const client = identity.clientId ? getClient(deps.db, identity.clientId) : undefined;
    const practice = client ? getPractice(deps.db, client.practiceId) : undefined;
    if (!client || !practice) return { message: undefined, linkedClient: true };
    const locale: Locale = isLocale(client.locale) ? client.locale : referenceLocale;
    const resources = crisisResourceText(prompts, locale, practice, client);
    return { message: crisisReplyText(prompts, locale, risk.kind, resources, false), linkedClient: true };
  } catch {
    // Not even readable: the caller falls back to the reply that needs nothing from the database.
    return { message: undefined, linkedClient: true };
  }
}

/** After a failure: mark the update handled (so a re-delivery cannot loop) and say sorry. */
export function apologise(deps: FailureDeps, event: ParsedEvent, now: Date): void {
  try {
    deps.db.transaction((tx) => {
      if (!markUpdateProcessed(tx, event.platform, event.updateId, now)) return;
      const identity = findIdentity(tx, event.platform, event.platformUserId);
      const client = identity?.clientId ? getClient(tx, identity.clientId) : undefined;
      // In a group, the reference language: a client's own would hint that they are one.
      const locale: Locale =
        event.chatType !== "group" && client && isLocale(client.locale) ? client.locale : referenceLocale;
      const out = new Outbound(tx, now, `in:${event.platform}:${event.updateId}:error`, priority.reply);
      out.say(
        { platform: event.platform, chatId: event.chatId, identityId: identity?.id ?? null },
        deps.prompts.messages.t(locale, "errors.generic"),
      );
    });
  } catch (error) {
    deps.logger.error({ err: { name: (error as Error).name } }, "could not record the failure either");
  }
}
