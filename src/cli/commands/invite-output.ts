/**
 * How an invite code is shown: the code, its expiry, and (when the Telegram bot's username is
 * configured) the deep link that enrols with one tap. The code is shown once; only its hash is kept.
 */
import { telegramInviteLink } from "../../admin/client-invite.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import type { CliContext } from "../context.js";

/** `zone`: the invited person's, since they are the one who must use the code in time. */
export function inviteLines(ctx: CliContext, code: string, expiresAt: Date, zone: string) {
  const username = ctx.config.TELEGRAM_BOT_USERNAME;
  const telegramLink = username ? telegramInviteLink(username, code) : undefined;
  const human = [
    `Invite code: ${code}  (single use, expires ${formatLocalTime(expiresAt, zone)}; shown only now)`,
    `In the chat, send: /link ${code}`,
    ...(telegramLink ? [`Telegram link: ${telegramLink}`] : []),
  ];
  return { human, json: telegramLink ? { telegramLink } : {} };
}
