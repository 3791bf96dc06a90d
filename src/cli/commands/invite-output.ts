/**
 * How an invite code is shown: the code, its expiry, and (when the Telegram bot's username is
 * configured) the deep link that enrols with one tap. The code is shown once; only its hash is kept.
 */
import type { CliContext } from "../context.js";

export function inviteLines(ctx: CliContext, code: string, expiresAt: Date) {
  const username = ctx.config.TELEGRAM_BOT_USERNAME;
  const telegramLink = username ? `https://t.me/${username}?start=${code}` : undefined;
  const human = [
    `Invite code: ${code}  (single use, expires ${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC; shown only now)`,
    `In the chat, send: /link ${code}`,
    ...(telegramLink ? [`Telegram link: ${telegramLink}`] : []),
  ];
  return { human, json: telegramLink ? { telegramLink } : {} };
}
