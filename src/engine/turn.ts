/**
 * What every step of the conversation needs: the open transaction, the time, the prompts, where
 * replies go, and (for a known client) who they are. Built once per event by the engine.
 */
import type { Tx } from "../db/connection.js";
import type { ChoiceSetRow } from "../db/repos/choice-sets.js";
import type { ClientRow, PracticeRow } from "../db/repos/people.js";
import type { Locale } from "../i18n/locales.js";
import type { Outbound, Recipient } from "../outbox/outbound.js";
import { outboundPayloadSchema } from "../outbox/payload.js";
import { getOutboxRow } from "../outbox/queue.js";
import type { MessageKey } from "../prompts/message-keys.js";
import type { Placeholders } from "../prompts/messages.js";
import type { SafetyPrompts } from "../safety/safety-prompts.js";

export interface Turn {
  tx: Tx;
  now: Date;
  prompts: SafetyPrompts;
  out: Outbound;
  to: Recipient;
  locale: Locale;
  /** The bot's public username on this turn's platform, when known (for one-tap invite links). */
  botUsername?: string | undefined;
  /** Where the web view is reached, when it is on (for `/web` login links). */
  webUrl?: string | undefined;
}

export interface ClientTurn extends Turn {
  to: Recipient & { identityId: number };
  client: ClientRow;
  practice: PracticeRow;
}

/** Text for this turn's person, in their language. */
export function text(turn: Turn, key: MessageKey, values?: Placeholders): string {
  return turn.prompts.messages.t(turn.locale, key, values);
}

/**
 * Rewrites the message that showed a set of buttons to end with what was chosen; the buttons
 * disappear with the edit, so an old choice cannot be pressed again.
 */
export function showChosen(turn: Turn, set: ChoiceSetRow, chosen: string): void {
  const shown = set.outboxId === null ? undefined : getOutboxRow(turn.tx, set.outboxId);
  const parsed = outboundPayloadSchema.safeParse(shown?.payload);
  if (!shown || !parsed.success || parsed.data.kind !== "message") return;
  turn.out.edit(turn.to, shown.id, `${parsed.data.text}\n${text(turn, "checkin.answered", { answer: chosen })}`);
}

/** Sends one catalogue message to this turn's person. */
export function reply(turn: Turn, key: MessageKey, values?: Placeholders): void {
  turn.out.say(turn.to, text(turn, key, values));
}
