/**
 * Telegram's command menu for clinicians. The bot-wide menu (start.ts) lists what clients use; each
 * active therapist's chat gets its own menu of clinician commands through Telegram's per-chat scope,
 * in the therapist's language. Therapists link and are deactivated while the bot runs, so the menus
 * are brought up to date at start-up and then every minute; a deactivated therapist's chat goes back
 * to the default menu.
 *
 * What was published is kept in the database (src/db/repos/clinician-menus.ts), not in memory:
 * deactivation deletes the clinician's chat account, so a bot that was stopped at the time could not
 * otherwise know that the chat still shows the menu. With the record, the first sync after a start
 * clears it, and a running bot calls the API only for what changed.
 */
import { type Api, GrammyError } from "grammy";
import type { App } from "../../src/app.js";
import { type Clock, systemClock } from "../../src/clock.js";
import type { DbOrTx } from "../../src/db/connection.js";
import { forgetMenu, knownMenus, recordMenu } from "../../src/db/repos/clinician-menus.js";
import { therapistChats } from "../../src/db/repos/identities.js";
import { isLocale, type Locale, referenceLocale } from "../../src/i18n/locales.js";
import type { Prompts } from "../../src/prompts/load.js";

export const clinicianMenu = ["summary", "alerts", "ack", "help"] as const;

/** A private chat's id is the user's numeric id; Telegram wants it as a number. */
const chatScope = (chatId: string) => ({ type: "chat" as const, chat_id: Number(chatId) });

export class ClinicianMenus {
  constructor(
    private readonly api: Api,
    private readonly db: DbOrTx,
    private readonly prompts: Prompts,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Publishes menus for newly linked therapists (or a changed language) and removes stale ones. */
  async sync(): Promise<void> {
    const wanted = new Map<string, Locale>();
    for (const { chatId, locale, active } of therapistChats(this.db, "telegram")) {
      if (active && /^-?\d+$/.test(chatId)) wanted.set(chatId, isLocale(locale) ? locale : referenceLocale);
    }
    const known = knownMenus(this.db, "telegram");
    for (const [chatId, locale] of wanted) {
      if (known.get(chatId) === locale) continue;
      // Recorded before the call: if it fails, or Interlude stops half-way, the chat is still known
      // (locale unknown), so the menu is published again or cleared later, never forgotten.
      recordMenu(this.db, "telegram", chatId, null, this.clock.now());
      await this.api.setMyCommands(this.commands(locale), { scope: chatScope(chatId) });
      recordMenu(this.db, "telegram", chatId, locale, this.clock.now());
    }
    // Covers clinicians deactivated (and unlinked) since, also while the bot was not running. One chat
    // that cannot be cleared now does not hold back the others; it is tried again next time.
    let failure: unknown;
    for (const chatId of known.keys()) {
      if (wanted.has(chatId)) continue;
      try {
        if (/^-?\d+$/.test(chatId)) await this.api.deleteMyCommands({ scope: chatScope(chatId) });
        forgetMenu(this.db, "telegram", chatId);
      } catch (error) {
        // Telegram refusing the chat itself (gone, or the bot blocked) means there is no menu to clear.
        if (error instanceof GrammyError && [400, 403].includes(error.error_code)) {
          forgetMenu(this.db, "telegram", chatId);
        } else {
          failure ??= error;
        }
      }
    }
    if (failure !== undefined) throw failure;
  }

  private commands(locale: Locale) {
    const { messages } = this.prompts;
    return clinicianMenu.map((command) => ({ command, description: messages.t(locale, `menu.${command}`) }));
  }
}

const syncEveryMs = 60_000;

/** Keeps the menus in step from now on; returns the function that stops it. */
export function keepClinicianMenus(api: Api, app: App): () => void {
  const menus = new ClinicianMenus(api, app.database.db, app.prompts, app.clock);
  let running = false;
  const sync = () => {
    if (running) return;
    running = true;
    menus
      .sync()
      .catch((error: unknown) => {
        // A missing menu is an inconvenience: clinicians can still type the commands. Tried again next minute.
        const err = { name: (error as Error).name, message: (error as Error).message };
        app.logger.warn({ err }, "could not update the clinicians' command menus");
      })
      .finally(() => {
        running = false;
      });
  };
  sync();
  const timer = setInterval(sync, syncEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
