/**
 * What the engine does when handling an event fails and rolls back: a risk signal still gets its
 * crisis reply (straight from memory, not through the failed database) and goes to the spool, and
 * the person is told something went wrong. Kept apart from the engine's normal path because every
 * line here must work with the database half broken.
 */

import { findIdentity } from "../db/repos/identities.js";
import { priority } from "../db/repos/outbox.js";
import { getClient, getPractice } from "../db/repos/people.js";
import { markUpdateProcessed } from "../db/repos/processed-updates.js";
import { isLocale, type Locale, locales, referenceLocale } from "../i18n/locales.js";
import type { Prompts } from "../prompts/load.js";
import type { EventRiskSignal } from "../safety/prescreen.js";
import { crisisResourceText } from "./crisis-resources.js";
import type { EngineDeps } from "./engine.js";
import type { ParsedEvent } from "./events.js";
import { Outbound } from "./outbound.js";

type FailureDeps = Pick<EngineDeps, "db" | "prompts" | "logger" | "urgent" | "spool">;

/** For someone whose language is unknown: the message in every language Interlude speaks. */
export function inEveryLanguage(prompts: Prompts, key: "crisis.unlinked"): string {
  return locales.map((locale) => prompts.messages.t(locale, key)).join("\n\n");
}

/**
 * The database failed while someone signalled risk. The crisis reply goes out anyway, straight from
 * memory, in the client's language if the database can still be read (and in all three if not); the
 * disclosure goes to the spool so its alert opens once the database works again. In a group chat,
 * as when the database works: the general reply for anyone, and nothing spooled (no alert).
 */
export function crisisWithoutDatabase(deps: FailureDeps, event: ParsedEvent, risk: EventRiskSignal, now: Date): void {
  const { prompts, logger } = deps;
  const known =
    event.chatType === "group"
      ? { message: inEveryLanguage(prompts, "crisis.unlinked"), linkedClient: false }
      : crisisReplyFromWhatCanBeRead(deps, event);
  if (known === "therapist") return;
  const { linkedClient } = known;
  const message =
    known.message ??
    locales
      .map((locale) =>
        prompts.messages.t(locale, "crisis.reply_unrecorded", {
          resources: prompts.messages.t(locale, "crisis.fallback_resource"),
        }),
      )
      .join("\n\n");
  const sent = deps.urgent?.sendUnrecorded(
    event.platform,
    event.chatId,
    message,
    `crisis:${event.platform}:${event.updateId}`,
  );
  void sent?.catch((error: unknown) => {
    logger.error({ err: { name: (error as Error).name }, platform: event.platform }, "crisis reply could not be sent");
  });
  if (!linkedClient) return;
  try {
    deps.spool?.append({
      platform: event.platform,
      platformUserId: event.platformUserId,
      updateId: event.updateId,
      kind: risk.kind,
      ...(risk.kind === "risk_text" ? { rule: risk.rule } : {}),
      at: now.getTime(),
    });
    logger.error({ platform: event.platform, updateId: event.updateId }, "risk signal spooled: database failed");
  } catch (error) {
    logger.fatal(
      { err: { name: (error as Error).name }, platform: event.platform, updateId: event.updateId },
      "risk signal could be neither stored nor spooled",
    );
  }
}

/**
 * Who wrote, as far as the failing database still answers: a therapist (no crisis reply), a client
 * (their language and resources), or nobody linked (the general reply). `message` is undefined when
 * nothing could be read; `linkedClient` then errs towards spooling.
 */
function crisisReplyFromWhatCanBeRead(
  deps: FailureDeps,
  event: ParsedEvent,
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
    const resources = crisisResourceText(prompts, locale, practice, client.region);
    return { message: prompts.messages.t(locale, "crisis.reply_unrecorded", { resources }), linkedClient: true };
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
