/**
 * Ending a clinician's chat access: each linked chat is told once, plainly, that access has ended
 * (through the outbox, like every other message), then the accounts are forgotten, so the person is
 * an unknown sender from then on and can act as a clinician no more. Their unused invite codes stop
 * working too, so an old code cannot link them again. Whatever was still queued for them is withdrawn
 * (src/safety/withdraw-queued.ts); only the notice that their access has ended is sent.
 */
import type { Tx } from "../db/connection.js";
import { type Actor, audit } from "../db/repos/audit.js";
import { deleteTherapistIdentities, identitiesOfTherapist } from "../db/repos/identities.js";
import { revokeTherapistInvites } from "../db/repos/invites.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import type { Prompts } from "../prompts/load.js";
import { clinicianText } from "./clinician-text.js";
import { withdrawAllQueuedFor } from "./withdraw-queued.js";

/** Unlinks every chat account of the clinician; returns how many there were. */
export function unlinkClinicianChats(tx: Tx, prompts: Prompts, therapistId: number, actor: Actor, now: Date): number {
  // First, while their chats are still known: nothing queued for them may go out after this.
  const withdrawn = withdrawAllQueuedFor(tx, prompts, therapistId, now);
  const view = clinicianText(tx, prompts, therapistId);
  const accounts = identitiesOfTherapist(tx, therapistId);
  for (const account of accounts) {
    // A platform that refused the account for good would only count another refusal against the bot.
    if (!view || account.undeliverable) continue;
    new Outbound(tx, now, `access-ended:${account.id}`, priority.reply).say(
      { platform: account.platform, chatId: account.chatId, identityId: account.id },
      view.t("clinician.access_ended"),
    );
  }
  deleteTherapistIdentities(tx, therapistId);
  const invites = revokeTherapistInvites(tx, therapistId, now);
  audit(
    tx,
    {
      actor,
      action: "therapist.unlinked",
      subject: `therapist:${therapistId}`,
      detail: { accounts: accounts.length, invitesRevoked: invites, messagesWithdrawn: withdrawn },
    },
    now,
  );
  return accounts.length;
}
