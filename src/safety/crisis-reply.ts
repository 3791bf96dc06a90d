/**
 * The crisis reply's words, in the client's language: the opening (risk words and a "yes" on the risk
 * question each have their own), the crisis resources, and whether the therapist has been told. The
 * engine sends it in a conversation; the risk spool sends the same words when it replays a reply the
 * database could not record.
 */
import type { ClientRow, PracticeRow } from "../db/repos/people.js";
import type { Locale } from "../i18n/locales.js";
import { type CrisisResource, settingsOf } from "../practice/settings.js";
import type { Messages } from "../prompts/messages.js";
import { chooseCrisisResources } from "./crisis-resources.js";

/** What the crisis reply is written from: the messages and the example resources. */
export interface CrisisTexts {
  messages: Messages;
  crisisExamples: readonly CrisisResource[];
}

/**
 * The crisis resources as one client should read them, in their language. Never without a concrete
 * number: when no resource fits the client's (derived) region, the line with the emergency numbers of
 * several countries stands in; otherwise the universal "call your local emergency number" line ends it.
 */
export function crisisResourceText(
  prompts: CrisisTexts,
  locale: Locale,
  practice: PracticeRow,
  client: Pick<ClientRow, "region" | "timezone">,
): string {
  const { resources } = chooseCrisisResources(
    settingsOf(practice),
    prompts.crisisExamples,
    { region: client.region, timezone: client.timezone, locale },
    practice,
  );
  const lines = resources.map((r) =>
    prompts.messages.t(locale, "crisis.resource", { name: r.name, contact: r.contact }),
  );
  lines.push(prompts.messages.t(locale, lines.length > 0 ? "crisis.fallback_resource" : "crisis.emergency_numbers"));
  return lines.join("\n");
}

/**
 * The whole reply. Risk words get "something you wrote made me want to check on you", a "yes" on the
 * risk question its own thanks; both end by saying whether the therapist has been told (or will be,
 * when nobody could be reached yet) and that they may not see it at once.
 */
export function crisisReplyText(
  prompts: Pick<CrisisTexts, "messages">,
  locale: Locale,
  trigger: "risk_item" | "risk_text" | "recovered",
  resources: string,
  therapistTold: boolean,
): string {
  return prompts.messages.t(locale, trigger === "risk_item" ? "crisis.reply_item" : "crisis.reply_text", {
    resources,
    closing: prompts.messages.t(locale, therapistTold ? "crisis.told" : "crisis.will_tell"),
  });
}
