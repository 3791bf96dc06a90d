/**
 * Where every platform's text enters the engine, it is made fit to store: control characters are
 * dropped (see text/control-characters.ts) from typed text, asides and the words kept with a risk
 * alert. Command arguments are left as sent: they are invite codes, aliases and alert numbers, checked
 * against their own rules and never stored (risk words in them are kept through the risk signal).
 * The engine screens for risk *before* this, on what the person actually sent, so that a control
 * character used to split a phrase cannot hide it from the screen.
 */

import { withoutControlCharacters } from "../text/control-characters.js";
import type { ParsedEvent } from "./events.js";
import type { EventRiskSignal } from "./prescreen.js";

export function withStorableText(event: ParsedEvent): ParsedEvent {
  const { payload } = event;
  switch (payload.type) {
    case "text":
    case "aside":
      return { ...event, payload: { ...payload, text: withoutControlCharacters(payload.text) } };
    default:
      return event;
  }
}

/** The signal with the words it keeps (shown to clinicians, stored with the alert) made fit to store. */
export function withStorableWords(risk: EventRiskSignal | undefined): EventRiskSignal | undefined {
  return risk?.kind === "risk_text" ? { ...risk, text: withoutControlCharacters(risk.text) } : risk;
}
