/**
 * The crisis resources as one client should read them, in their language. Never an empty list: the
 * universal "call your local emergency number" line always ends it.
 */
import type { PracticeRow } from "../db/repos/people.js";
import { settingsOf } from "../db/repos/people.js";
import type { Locale } from "../i18n/locales.js";
import type { Prompts } from "../prompts/load.js";
import { chooseCrisisResources } from "../safety/crisis-resources.js";
import type { ClientTurn } from "./turn.js";

export function crisisResourceText(
  prompts: Prompts,
  locale: Locale,
  practice: PracticeRow,
  region: string | null,
): string {
  const chosen = chooseCrisisResources(settingsOf(practice), prompts.crisisExamples, { region, locale });
  const lines = chosen.map((r) => prompts.messages.t(locale, "crisis.resource", { name: r.name, contact: r.contact }));
  lines.push(prompts.messages.t(locale, "crisis.fallback_resource"));
  return lines.join("\n");
}

/** The resources for the client of this turn. */
export function crisisResourceLines(turn: ClientTurn): string {
  return crisisResourceText(turn.prompts, turn.locale, turn.practice, turn.client.region);
}
