/**
 * Recognising a risk signal from an inbound event alone, without the database: risk words in text or
 * command arguments, or a "yes" pressed on a risk question (whose buttons carry a marked set id). The
 * engine screens every client's text with this, and falls back on it when the database fails, so that
 * the crisis reply still goes out.
 */
import { riskChoiceSetPrefix } from "../db/ids.js";
import { choiceDataSchema } from "../outbox/payload.js";
import type { SafetyPrompts } from "../safety/safety-prompts.js";
import { ruleOf } from "../safety/screen/screen.js";
import type { ParsedEvent } from "./events.js";

export type EventRiskSignal = { kind: "risk_text"; rule: string; text: string } | { kind: "risk_item" };

/** Commands whose argument is an invite code, never words a person wrote. */
const codeCommands = new Set(["start", "link"]);

const positiveKeysCache = new WeakMap<SafetyPrompts, Set<string>>();

/** Option keys that mean "yes" on any risk question of any loaded check-in. */
function riskPositiveKeys(prompts: SafetyPrompts): Set<string> {
  let keys = positiveKeysCache.get(prompts);
  if (!keys) {
    keys = new Set();
    for (const checkin of prompts.checkins.values()) {
      for (const item of checkin.items) {
        if (item.kind !== "choice" || !item.risk) continue;
        for (const option of checkin.scales[item.scale]?.options ?? []) if (option.value === 1) keys.add(option.key);
      }
    }
    positiveKeysCache.set(prompts, keys);
  }
  return keys;
}

/** The words a person wrote in this event, if any; an aside (an edit, a forward, a caption) counts too. */
export function writtenWords(event: ParsedEvent): string | undefined {
  const { payload } = event;
  if (payload.type === "text" || payload.type === "aside") return payload.text;
  if (payload.type === "command" && !codeCommands.has(payload.name) && payload.args !== "") return payload.args;
  return undefined;
}

export function riskSignalOf(event: ParsedEvent, prompts: SafetyPrompts): EventRiskSignal | undefined {
  const words = writtenWords(event);
  if (words !== undefined) {
    const match = prompts.riskScreen.screen(words);
    return match ? { kind: "risk_text", rule: ruleOf(match), text: words } : undefined;
  }
  if (event.payload.type === "choice") {
    const data = choiceDataSchema.safeParse(event.payload.data);
    if (
      data.success &&
      data.data.setId.startsWith(riskChoiceSetPrefix) &&
      riskPositiveKeys(prompts).has(data.data.key)
    ) {
      return { kind: "risk_item" };
    }
  }
  return undefined;
}
