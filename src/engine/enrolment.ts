/**
 * Linking a platform account to a client or therapist with an invite code (`/start CODE`, `/link CODE`).
 * Bad codes get one clear reply and change nothing but the sender's failure count, which slows
 * guessing down; a good code is used up at once.
 */
import { z } from "zod";
import { audit } from "../db/repos/audit.js";
import { createIdentity, type IdentityRow, relinkIdentity } from "../db/repos/identities.js";
import {
  clearEnrolmentFailures,
  enrolmentBlockedUntil,
  findUsableInvite,
  markInviteUsed,
  recordEnrolmentFailure,
} from "../db/repos/invites.js";
import { getClient, getPractice, setClientStatus } from "../db/repos/people.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import { askConsent } from "./consent.js";
import type { ParsedEvent } from "./events.js";
import { type ClientTurn, reply, type Turn } from "./turn.js";

/** Invite codes are base64url; anything else cannot be one and is not even looked up. */
const inviteCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/**
 * Handles a code from a sender with no linked account, or from one whose client has stopped (a
 * re-invited client starts over from the same chat account: the account is moved to the new invite).
 */
export function linkWithCode(turn: Turn, event: ParsedEvent, rawCode: string, existing?: IdentityRow): void {
  const { tx, now } = turn;
  const blockedUntil = enrolmentBlockedUntil(tx, event.platform, event.platformUserId, now);
  if (blockedUntil) return slowDown(turn, blockedUntil);

  const code = inviteCodeSchema.safeParse(rawCode.trim());
  const invite = code.success ? findUsableInvite(tx, code.data, now) : undefined;
  if (!invite) {
    const nowBlocked = recordEnrolmentFailure(tx, event.platform, event.platformUserId, now);
    audit(tx, { actor: "system", action: "enrolment.failed", subject: `${event.platform}-sender` }, now);
    return nowBlocked ? slowDown(turn, nowBlocked) : reply(turn, "enrol.invalid_code");
  }

  markInviteUsed(tx, invite.id, now);
  clearEnrolmentFailures(tx, event.platform, event.platformUserId);
  const target = { clientId: invite.clientId, therapistId: invite.therapistId };
  const identity = existing
    ? relinkIdentity(tx, existing.id, { ...target, chatId: event.chatId })
    : createIdentity(
        tx,
        {
          platform: event.platform,
          platformUserId: event.platformUserId,
          chatId: event.chatId,
          ...(target.clientId === null ? {} : { clientId: target.clientId }),
          ...(target.therapistId === null ? {} : { therapistId: target.therapistId }),
        },
        now,
      );
  const to = { platform: event.platform, chatId: event.chatId, identityId: identity.id };

  if (invite.therapistId !== null) {
    audit(
      tx,
      { actor: `therapist:${invite.therapistId}`, action: "identity.linked", subject: `identity:${identity.id}` },
      now,
    );
    return reply({ ...turn, to }, "enrol.clinician_linked");
  }

  const client = invite.clientId === null ? undefined : getClient(tx, invite.clientId);
  const practice = client ? getPractice(tx, client.practiceId) : undefined;
  if (!client || !practice) return reply(turn, "enrol.invalid_code");
  audit(tx, { actor: `client:${client.id}`, action: "identity.linked", subject: `identity:${identity.id}` }, now);
  // A client who had stopped and was invited again starts over, consent included.
  const status = client.status === "stopped" ? "invited" : client.status;
  if (status !== client.status) setClientStatus(tx, client.id, status);
  const clientTurn: ClientTurn = {
    ...turn,
    to,
    client: { ...client, status },
    practice,
    locale: isLocale(client.locale) ? client.locale : referenceLocale,
  };
  if (status === "invited") askConsent(clientTurn);
  else reply(clientTurn, "enrol.already_linked");
}

function slowDown(turn: Turn, until: Date): void {
  const minutes = Math.max(1, Math.ceil((until.getTime() - turn.now.getTime()) / 60_000));
  reply(turn, "enrol.slow_down", { minutes });
}
