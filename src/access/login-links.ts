/**
 * Single-use login links for the clinicians' web view (src/web/), issued there, by `/web` in chat and
 * by the console demo, so they live below all three. A link is bound to one clinician, valid for ten minutes, and spent by the
 * same UPDATE that checks it, so two opens of one link (a double click, a replay) start at most one
 * session. Only the token's hash is stored.
 */
import { and, desc, eq, gt, isNull, lte } from "drizzle-orm";
import type { DbOrTx } from "../db/connection.js";
import { webLoginLinks } from "../db/schema.js";
import { looksLikeToken, randomToken, tokenHash } from "./tokens.js";

export const loginLinkMinutes = 10;

/** The address a link opens: the web view's login route for that token. */
export function loginUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/login/${token}`;
}

/** Creates a link for `therapistId` and returns its token (the only time it exists in clear). */
export function issueLoginLink(db: DbOrTx, therapistId: number, now: Date): string {
  const token = randomToken();
  db.insert(webLoginLinks)
    .values({
      tokenHash: tokenHash(token),
      therapistId,
      expiresAt: new Date(now.getTime() + loginLinkMinutes * 60_000),
      createdAt: now,
    })
    .run();
  return token;
}

/** Spends a link: the clinician it was for, or undefined for an unknown, used or expired one. */
export function spendLoginLink(db: DbOrTx, token: string, now: Date): number | undefined {
  if (!looksLikeToken(token)) return undefined;
  const spent = db
    .update(webLoginLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(webLoginLinks.tokenHash, tokenHash(token)),
        isNull(webLoginLinks.usedAt),
        gt(webLoginLinks.expiresAt, now),
      ),
    )
    .returning({ therapistId: webLoginLinks.therapistId })
    .get();
  return spent?.therapistId;
}

/** When the clinician was last sent a link: one a minute at most reaches their chat. */
export function lastLinkIssuedAt(db: DbOrTx, therapistId: number): Date | undefined {
  return db
    .select({ at: webLoginLinks.createdAt })
    .from(webLoginLinks)
    .where(eq(webLoginLinks.therapistId, therapistId))
    .orderBy(desc(webLoginLinks.createdAt))
    .get()?.at;
}

/** Links past their ten minutes are of no use to anyone: swept with the sessions. */
export function sweepLoginLinks(db: DbOrTx, now: Date): number {
  return db.delete(webLoginLinks).where(lte(webLoginLinks.expiresAt, now)).run().changes;
}
