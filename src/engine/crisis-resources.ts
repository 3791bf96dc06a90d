/**
 * The crisis resources as one client should read them, in their language. Never without a concrete
 * number: when no resource fits the client's (derived) region, the line with the emergency numbers of
 * several countries stands in; otherwise the universal "call your local emergency number" line ends it.
 */
import type { ClientRow, PracticeRow } from "../db/repos/people.js";
import { settingsOf } from "../db/repos/people.js";
import type { Locale } from "../i18n/locales.js";
import type { Prompts } from "../prompts/load.js";
import { chooseCrisisResources } from "../safety/crisis-resources.js";
import type { ClientTurn } from "./turn.js";

export function crisisResourceText(
  prompts: Prompts,
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

/** The resources for the client of this turn. */
export function crisisResourceLines(turn: ClientTurn): string {
  return crisisResourceText(turn.prompts, turn.locale, turn.practice, turn.client);
}
