/**
 * `/web` for a clinician: a single-use login link for the web view, in this chat (which is their
 * linked chat: only a linked clinician reaches clinician commands). The message is a secret: the
 * outbox blanks it once sent.
 */

import { issueLoginLink, loginLinkMinutes, loginUrl } from "../access/login-links.js";
import { audit } from "../db/repos/audit.js";
import type { ClinicianText } from "../safety/clinician-text.js";
import type { Turn } from "./turn.js";

export function runWebCommand(turn: Turn, view: ClinicianText, therapistId: number): void {
  if (!turn.webUrl) {
    turn.out.say(turn.to, view.t("web.not_enabled"));
    return;
  }
  const token = issueLoginLink(turn.tx, therapistId, turn.now);
  turn.out.say(turn.to, view.t("web.login_link", { link: loginUrl(turn.webUrl, token), minutes: loginLinkMinutes }), {
    secret: true,
  });
  audit(
    turn.tx,
    { actor: `therapist:${therapistId}`, action: "web.link_sent", subject: `therapist:${therapistId}` },
    turn.now,
  );
}
