/**
 * Adding a client and inviting them, in one place for every door: `client add` and `client invite` at
 * the CLI, a clinician's `/invite` and `/reinvite` in chat. The caller has checked the alias (alias.ts,
 * name-like-alias.ts) and who may ask; this applies the practice's defaults (its language and check-in;
 * the client's zone and schedule stay the practice's until set), creates the invite (the client's
 * earlier unused codes stop working) and audits under whoever asked.
 */
import type { DbOrTx } from "../db/connection.js";
import { type Actor, audit } from "../db/repos/audit.js";
import { createInvite } from "../db/repos/invites.js";
import { type ClientRow, createClient, getPractice, getTherapist, listClients } from "../db/repos/people.js";
import { isLocale, type Locale, referenceLocale } from "../i18n/locales.js";
import { settingsOf } from "../practice/settings.js";
import { clientZone } from "../practice/zones.js";
import { aliasKey } from "./alias.js";

export interface NewClient {
  therapistId: number;
  /** Already checked against the alias rules. */
  alias: string;
  /** Default: the practice's. */
  locale?: Locale | undefined;
  /** Default: the practice's (stored as none, so a change of the practice's zone follows). */
  timezone?: string | undefined;
  /** Default: the practice's default check-in. */
  checkinId?: string | undefined;
}

export type AddClientRefusal =
  | { refused: "no_therapist" }
  | { refused: "no_practice" }
  /** Another client of the practice has this alias (in any case): aliases are the practice's names. */
  | { refused: "alias_taken" }
  | { refused: "unknown_checkin"; checkinId: string };

/** A code to hand to the client (shown once; only its hash is kept) and until when it works. */
export interface IssuedInvite {
  code: string;
  expiresAt: Date;
  /** The client's zone: they are the one who must use the code in time. */
  zone: string;
}

export interface AddedClient extends IssuedInvite {
  client: ClientRow;
}

/** Invite validity when a client's practice cannot be read (it always can: a foreign key). */
const fallbackTtlDays = 7;

export function addClient(
  db: DbOrTx,
  input: NewClient,
  checkins: { has(id: string): boolean },
  actor: Actor,
  now: Date,
): AddedClient | AddClientRefusal {
  const therapist = getTherapist(db, input.therapistId);
  if (!therapist) return { refused: "no_therapist" };
  const practice = getPractice(db, therapist.practiceId);
  if (!practice) return { refused: "no_practice" };
  const wanted = aliasKey(input.alias);
  if (listClients(db, { practiceId: practice.id }).some((c) => aliasKey(c.alias) === wanted)) {
    return { refused: "alias_taken" };
  }
  const settings = settingsOf(practice);
  const checkinId = input.checkinId ?? settings.defaultCheckin;
  if (!checkins.has(checkinId)) return { refused: "unknown_checkin", checkinId };
  const locale = input.locale ?? (isLocale(practice.locale) ? practice.locale : referenceLocale);
  const client = createClient(
    db,
    {
      practiceId: practice.id,
      therapistId: therapist.id,
      alias: input.alias,
      locale,
      checkinId,
      ...(input.timezone ? { timezone: input.timezone } : {}),
    },
    now,
  );
  const { code, invite } = createInvite(db, { clientId: client.id }, now, settings.inviteTtlDays);
  audit(db, { actor, action: "client.created", subject: `client:${client.id}` }, now);
  return { client, code, expiresAt: invite.expiresAt, zone: clientZone(db, client) };
}

/** A fresh invite for a client; their earlier unused codes stop working. */
export function inviteClientAgain(db: DbOrTx, client: ClientRow, actor: Actor, now: Date): IssuedInvite {
  const practice = getPractice(db, client.practiceId);
  const ttl = practice ? settingsOf(practice).inviteTtlDays : fallbackTtlDays;
  const { code, invite } = createInvite(db, { clientId: client.id }, now, ttl);
  audit(db, { actor, action: "client.invited", subject: `client:${client.id}` }, now);
  return { code, expiresAt: invite.expiresAt, zone: clientZone(db, client) };
}

/** The Telegram link that opens the bot and sends `/start CODE` with one tap. */
export function telegramInviteLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}
