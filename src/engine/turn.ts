/**
 * What every step of the conversation needs: the open transaction, the time, the prompts, where
 * replies go, and (for a known client) who they are. Built once per event by the engine.
 */
import type { Tx } from "../db/connection.js";
import type { ClientRow, PracticeRow } from "../db/repos/people.js";
import type { Locale } from "../i18n/locales.js";
import type { Prompts } from "../prompts/load.js";
import type { MessageKey } from "../prompts/message-keys.js";
import type { Placeholders } from "../prompts/messages.js";
import type { Outbound, Recipient } from "./outbound.js";

export interface Turn {
  tx: Tx;
  now: Date;
  prompts: Prompts;
  out: Outbound;
  to: Recipient;
  locale: Locale;
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

/** Sends one catalogue message to this turn's person. */
export function reply(turn: Turn, key: MessageKey, values?: Placeholders): void {
  turn.out.say(turn.to, text(turn, key, values));
}
