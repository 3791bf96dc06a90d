/**
 * What every clinician event starts with: how to write to them, and whether their role is still on.
 * A clinician whose role ended is unlinked here, if deactivation did not already do it (one deactivated
 * before the rule), and the event does nothing else.
 */
import { type ClinicianText, clinicianText } from "../safety/clinician-text.js";
import { unlinkClinicianChats } from "../safety/unlink-clinician.js";
import type { Turn } from "./turn.js";

export function activeClinician(turn: Turn, therapistId: number): ClinicianText | undefined {
  const view = clinicianText(turn.tx, turn.prompts, therapistId);
  if (!view) return undefined;
  if (!view.therapist.active) {
    unlinkClinicianChats(turn.tx, turn.prompts, therapistId, "system", turn.now);
    return undefined;
  }
  return view;
}
