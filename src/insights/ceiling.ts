/**
 * Whether a client's next check-in should carry the ceiling question ("what would make our work even
 * a little better?"): the practice has it on, and the client's latest check-ins have just completed a
 * run of top scores. Asked once per run, not at every perfect check-in after it.
 */
import type { DbOrTx } from "../db/connection.js";
import { recentAnswers } from "../db/repos/insights.js";
import type { PracticeSettings } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";
import { endsAtCeiling } from "./flags.js";
import { scoreCheckins } from "./scores.js";
import { scoringKeyFor } from "./summarise.js";

export function dueForCeilingQuestion(
  db: DbOrTx,
  prompts: Prompts,
  clientId: number,
  settings: PracticeSettings,
): boolean {
  if (!settings.ceilingQuestion) return false;
  const run = settings.flags.ceilingRun;
  const scores = scoreCheckins(recentAnswers(db, clientId, run + 1), scoringKeyFor(prompts));
  // Exactly one run long: the check-in before the run was not at the top (or there was none).
  return (
    endsAtCeiling(scores, settings.flags) &&
    !endsAtCeiling(scores.slice(-run - 1), { ...settings.flags, ceilingRun: run + 1 })
  );
}
