/**
 * After /stop the client chooses what happens to their data: keep it for their therapist, or delete
 * it (asked once more, because it cannot be undone). Deletion runs in this event's transaction; the
 * goodbye is addressed by chat id alone, since the account's identity row is among what is deleted.
 * With a risk alert still open, deletion waits for a clinician (see src/privacy/deferred-erasure.ts).
 */
import { audit } from "../db/repos/audit.js";
import type { ChoiceSetRow } from "../db/repos/choice-sets.js";
import { requestErasure } from "../db/repos/erasures.js";
import { eraseClient } from "../privacy/erase.js";
import { type ClientTurn, reply, showChosen, text } from "./turn.js";

export const erasureKeys = { keep: "k", erase: "d", confirm: "y", cancel: "n" } as const;

/** Shown after stopping; one button per row, the labels are long. */
export function offerErasure(turn: ClientTurn): void {
  turn.out.ask(
    turn.to,
    text(turn, "erasure.offer"),
    [
      [{ key: erasureKeys.keep, label: text(turn, "erasure.keep") }],
      [{ key: erasureKeys.erase, label: text(turn, "erasure.delete") }],
    ],
    { purpose: "erasure_offer" },
  );
}

function keep(turn: ClientTurn, set: ChoiceSetRow, label: string): void {
  showChosen(turn, set, label);
  const subject = `client:${turn.client.id}` as const;
  audit(turn.tx, { actor: subject, action: "client.data_kept", subject }, turn.now);
  reply(turn, "erasure.kept");
}

export function answerErasureOffer(turn: ClientTurn, set: ChoiceSetRow, key: string): void {
  // Only a stopped client is offered this; after a new invite the old buttons mean nothing.
  if (turn.client.status !== "stopped") return reply(turn, "checkin.stale");
  if (key === erasureKeys.keep) return keep(turn, set, text(turn, "erasure.keep"));
  if (key !== erasureKeys.erase) return reply(turn, "checkin.stale");
  showChosen(turn, set, text(turn, "erasure.delete"));
  turn.out.ask(
    turn.to,
    text(turn, "erasure.confirm"),
    [
      [{ key: erasureKeys.confirm, label: text(turn, "erasure.confirm_yes") }],
      [{ key: erasureKeys.cancel, label: text(turn, "erasure.confirm_no") }],
    ],
    { purpose: "erasure_confirm" },
  );
}

export function answerErasureConfirm(turn: ClientTurn, set: ChoiceSetRow, key: string): void {
  if (turn.client.status !== "stopped") return reply(turn, "checkin.stale");
  if (key === erasureKeys.cancel) return keep(turn, set, text(turn, "erasure.confirm_no"));
  if (key !== erasureKeys.confirm) return reply(turn, "checkin.stale");
  showChosen(turn, set, text(turn, "erasure.confirm_yes"));
  const subject = `client:${turn.client.id}` as const;
  const result = eraseClient(turn.tx, { clientId: turn.client.id, actor: subject }, turn.now);
  if (result.status === "open_risk_alert") {
    requestErasure(turn.tx, turn.client.id, turn.now);
    audit(
      turn.tx,
      {
        actor: subject,
        action: "client.erasure_deferred",
        subject,
        detail: { openRiskAlerts: result.alertIds.length },
      },
      turn.now,
    );
    return reply(turn, "erasure.deferred");
  }
  if (result.status !== "erased") return reply(turn, "errors.generic");
  turn.out.say({ platform: turn.to.platform, chatId: turn.to.chatId, identityId: null }, text(turn, "erasure.done"));
}
