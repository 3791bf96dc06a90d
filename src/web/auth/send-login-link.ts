/**
 * Sends a clinician a login link in their own linked chat, in their language. The message is queued as
 * a secret (the outbox blanks it once sent, like an invite code), and a clinician gets at most one
 * link a minute, so nobody can flood a clinician's chat from the login page.
 */

import { issueLoginLink, lastLinkIssuedAt, loginLinkMinutes, loginUrl } from "../../access/login-links.js";
import { tokenHash } from "../../access/tokens.js";
import type { Tx } from "../../db/connection.js";
import { audit } from "../../db/repos/audit.js";
import { deliveryIdentityForTherapist } from "../../db/repos/identities.js";
import { Outbound } from "../../outbox/outbound.js";
import { priority } from "../../outbox/queue.js";
import type { Prompts } from "../../prompts/load.js";
import { clinicianText } from "../../safety/clinician-text.js";

/** What happened, for the caller's own reply; the login page says the same thing whatever it is. */
export type LinkOutcome = "sent" | "no_chat" | "inactive" | "too_soon";

const oneLinkPerMs = 60_000;

export function sendLoginLink(
  tx: Tx,
  prompts: Prompts,
  therapistId: number,
  publicUrl: string,
  now: Date,
): LinkOutcome {
  const view = clinicianText(tx, prompts, therapistId);
  if (!view?.therapist.active) return "inactive";
  const identity = deliveryIdentityForTherapist(tx, therapistId);
  if (!identity) return "no_chat";
  const last = lastLinkIssuedAt(tx, therapistId);
  if (last && now.getTime() - last.getTime() < oneLinkPerMs) return "too_soon";
  const token = issueLoginLink(tx, therapistId, now);
  const text = view.t("web.login_link", { link: loginUrl(publicUrl, token), minutes: loginLinkMinutes });
  new Outbound(tx, now, `web-login:${tokenHash(token).slice(0, 16)}`, priority.reply).say(
    { platform: identity.platform, chatId: identity.chatId, identityId: identity.id },
    text,
    { secret: true },
  );
  audit(tx, { actor: `therapist:${therapistId}`, action: "web.link_sent", subject: `therapist:${therapistId}` }, now);
  return "sent";
}
