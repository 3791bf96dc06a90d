/**
 * `/invite ALIAS [en|sv|zh]` and `/reinvite ALIAS` in a clinician's chat: a new client under them with
 * the practice's defaults (src/admin/client-invite.ts, as `client add` does), or a fresh invite for one
 * of theirs who has not joined (the earlier code stops working). The alias follows the CLI's rules, and
 * one that looks like a real name is refused outright, never echoed (the reply is stored in the outbox).
 *
 * The reply is two messages: a note for the clinician in their language, then the invite itself in
 * the client's language, ready to forward. On Telegram the invite is the bot's one-tap link, followed
 * by a QR code of it (drawn after the commit, src/admin/invite-qr.ts); elsewhere it is `/link CODE`.
 */
import { aliasSchema } from "../admin/alias.js";
import {
  type AddClientRefusal,
  addClient,
  type IssuedInvite,
  inviteClientAgain,
  telegramInviteLink,
} from "../admin/client-invite.js";
import { type NameLikeReason, nameLikeReason } from "../admin/name-like-alias.js";
import type { DbOrTx } from "../db/connection.js";
import { linkedClientIds } from "../db/repos/caseload.js";
import type { ClientRow } from "../db/repos/people.js";
import { formatLocalTime } from "../i18n/local-time.js";
import { isLocale, type Locale, localeNativeNames, referenceLocale } from "../i18n/locales.js";
import { clientPictureMark } from "../outbox/client-mentions.js";
import type { MessageKey } from "../prompts/message-keys.js";
import type { Placeholders } from "../prompts/messages.js";
import type { ClinicianText } from "../safety/clinician-text.js";
import { aliasAndRest, ownClient, unknownAlias } from "./own-client.js";
import type { Turn } from "./turn.js";

const nameLikeKeys: Record<NameLikeReason, MessageKey> = {
  chinese_name: "workspace.name_like_chinese_name",
  capitalised_words: "workspace.name_like_capitalised_words",
  given_name: "workspace.name_like_given_name",
};

export function runInviteCommand(turn: Turn, view: ClinicianText, therapistId: number, args: string): void {
  const say = (message: string) => void turn.out.say(turn.to, message);
  const [alias = "", language, ...extra] = args.trim().split(/\s+/);
  const locale = language?.toLowerCase();
  if (alias === "" || extra.length > 0 || (locale !== undefined && !isLocale(locale))) {
    return say(view.t("workspace.invite_usage"));
  }
  const checked = checkedNewAlias(view, alias);
  if ("problem" in checked) return say(checked.problem);
  const added = addClient(
    turn.tx,
    { therapistId, alias: checked.alias, locale: locale as Locale | undefined },
    turn.prompts.checkins,
    `therapist:${therapistId}`,
    turn.now,
  );
  if ("refused" in added) return say(refusalText(view, added));
  const languageName = localeNativeNames[localeOf(added.client)];
  sendInvite(turn, view, therapistId, added.client, added, "workspace.invited", { language: languageName });
}

export function runReinviteCommand(turn: Turn, view: ClinicianText, therapistId: number, args: string): void {
  const say = (message: string) => void turn.out.say(turn.to, message);
  const [alias, rest] = aliasAndRest(args);
  if (alias === "" || rest !== "") return say(view.t("workspace.reinvite_usage"));
  const client = ownClient(turn.tx, therapistId, alias);
  if (!client) return say(unknownAlias(view, alias));
  if (!mayInviteAgain(turn.tx, client)) return say(view.t("workspace.already_joined", { alias: client.alias }));
  const invite = inviteClientAgain(turn.tx, client, `therapist:${therapistId}`, turn.now);
  sendInvite(turn, view, therapistId, client, invite, "workspace.reinvited", {});
}

/**
 * A new client's alias as the clinician typed it, or the words that say why it cannot be one (nothing
 * is stored then). The web view's invite form answers with the same words.
 */
export function checkedNewAlias(view: ClinicianText, alias: string): { alias: string } | { problem: string } {
  const checked = aliasSchema.safeParse(alias);
  if (!checked.success) return { problem: view.t("workspace.alias_invalid") };
  const nameLike = nameLikeReason(checked.data);
  if (nameLike) return { problem: view.t("workspace.alias_name_like", { reason: view.t(nameLikeKeys[nameLike]) }) };
  return { alias: checked.data };
}

/** Why `addClient` stored nothing, in the clinician's words. */
export function refusalText(view: ClinicianText, refusal: AddClientRefusal): string {
  // Taken by any client of the practice, theirs or not: the same words either way.
  if (refusal.refused === "alias_taken") return view.t("workspace.alias_taken");
  // The practice's default check-in is missing: nothing was stored, and the clinician cannot fix it.
  return view.t("errors.generic");
}

/** A client who stopped may start over with a new invite; anyone else who has linked keeps their link. */
export function mayInviteAgain(db: DbOrTx, client: ClientRow): boolean {
  return client.status === "stopped" || !linkedClientIds(db, [client.id]).has(client.id);
}

function localeOf(client: Pick<ClientRow, "locale">): Locale {
  return isLocale(client.locale) ? client.locale : referenceLocale;
}

/**
 * The clinician's note, then the invite to forward (and on Telegram its QR code). The invite and the
 * picture carry the code, so the outbox forgets them once sent: only the code's hash stays stored.
 */
function sendInvite(
  turn: Turn,
  view: ClinicianText,
  therapistId: number,
  client: ClientRow,
  invite: IssuedInvite,
  noteKey: MessageKey,
  values: Placeholders,
): void {
  const forClient = (key: MessageKey, more: Placeholders) => turn.prompts.messages.t(localeOf(client), key, more);
  const link =
    turn.to.platform === "telegram" && turn.botUsername ? telegramInviteLink(turn.botUsername, invite.code) : undefined;
  const note = view.t(noteKey, { ...values, alias: client.alias, expires: view.time(invite.expiresAt) });
  turn.out.say(turn.to, link ? `${note}\n${view.t("workspace.invite_qr_follows")}` : note);
  // The client reads this one: their language, and the expiry in their zone.
  const expires = formatLocalTime(invite.expiresAt, invite.zone);
  const forward = link
    ? forClient("workspace.invite_link", { link, expires })
    : forClient("workspace.invite_code", { code: invite.code, expires });
  turn.out.say(turn.to, forward, { secret: true });
  if (!link) return;
  turn.out.qrCode(turn.to, {
    therapistId,
    clientId: client.id,
    inviteCode: invite.code,
    link,
    caption: forClient("workspace.invite_qr_caption", { link }),
    altText: forClient("workspace.invite_qr_alt", {}),
    // The client's id, never the alias, as in a chart's name: erasure and hand-overs find it by this.
    fileName: `invite${clientPictureMark(client.id)}`,
  });
}
