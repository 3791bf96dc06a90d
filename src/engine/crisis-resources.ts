/**
 * The practice's crisis resources as the client should read them, in their language. When a practice
 * has configured none, the client still gets the universal fallback line: never an empty list.
 */

import type { PracticeRow } from "../db/repos/people.js";
import { settingsOf } from "../db/repos/people.js";
import { type Turn, text } from "./turn.js";

export function crisisResourceLines(turn: Turn, practice: PracticeRow): string {
  const resources = settingsOf(practice).crisisResources;
  const forLocale = resources.filter((r) => r.locale === turn.locale);
  const chosen = forLocale.length > 0 ? forLocale : resources.filter((r) => r.locale === undefined);
  const lines = chosen.map((r) => text(turn, "crisis.resource", { name: r.name, contact: r.contact }));
  lines.push(text(turn, "crisis.fallback_resource"));
  return lines.join("\n");
}
