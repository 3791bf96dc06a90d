/**
 * Where a clinicians' command menu may be showing, per platform chat (src/engine/clinician-menus.ts
 * keeps it in step). A row outlives the clinician's chat account on purpose: it is how a menu left
 * behind by a deactivation while the bot was stopped is found and cleared at the next start.
 */
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { clinicianMenus, type Platform } from "../schema.js";

/** Chat id → the locale last published there, or null when it is unknown what the chat shows. */
export function knownMenus(db: DbOrTx, platform: Platform): Map<string, string | null> {
  const rows = db
    .select({ chatId: clinicianMenus.chatId, locale: clinicianMenus.locale })
    .from(clinicianMenus)
    .where(eq(clinicianMenus.platform, platform))
    .orderBy(asc(clinicianMenus.chatId))
    .all();
  return new Map(rows.map((row) => [row.chatId, row.locale]));
}

/** Records what a chat shows; `null` before a publish whose outcome is not known yet. */
export function recordMenu(db: DbOrTx, platform: Platform, chatId: string, locale: string | null, now: Date): void {
  db.insert(clinicianMenus)
    .values({ platform, chatId, locale, updatedAt: now })
    .onConflictDoUpdate({ target: [clinicianMenus.platform, clinicianMenus.chatId], set: { locale, updatedAt: now } })
    .run();
}

/** The chat's menu has been removed: nothing left to clear there. */
export function forgetMenu(db: DbOrTx, platform: Platform, chatId: string): void {
  db.delete(clinicianMenus)
    .where(and(eq(clinicianMenus.platform, platform), eq(clinicianMenus.chatId, chatId)))
    .run();
}
