/**
 * Telegram's command menu for clinicians. The bot-wide menu (start.ts) lists what clients use; each
 * active therapist's chat gets its own menu of clinician commands through Telegram's per-chat scope,
 * in the therapist's language. Therapists link and are deactivated while the bot runs, so the menus
 * are brought up to date at start-up and then every minute; a deactivated therapist's chat goes back
 * to the default menu. What was published is remembered in memory only, so the first sync after a
 * start publishes every active therapist's menu again and clears every deactivated one's (a few calls).
 */
import type { Api } from "grammy";
import type { App } from "../../src/app.js";
import type { DbOrTx } from "../../src/db/connection.js";
import { therapistChats } from "../../src/db/repos/identities.js";
import { isLocale, type Locale, referenceLocale } from "../../src/i18n/locales.js";
import type { Prompts } from "../../src/prompts/load.js";

export const clinicianMenu = ["summary", "alerts", "ack", "help"] as const;

/** A private chat's id is the user's numeric id; Telegram wants it as a number. */
const chatScope = (chatId: string) => ({ type: "chat" as const, chat_id: Number(chatId) });

export class ClinicianMenus {
  /** Chat id → the locale its menu was published in. */
  private readonly published = new Map<string, Locale>();
  private firstSync = true;

  constructor(
    private readonly api: Api,
    private readonly db: DbOrTx,
    private readonly prompts: Prompts,
  ) {}

  /** Publishes menus for newly linked therapists (or a changed language) and removes stale ones. */
  async sync(): Promise<void> {
    const wanted = new Map<string, Locale>();
    const unwanted = new Set<string>();
    for (const { chatId, locale, active } of therapistChats(this.db, "telegram")) {
      if (!/^-?\d+$/.test(chatId)) continue;
      if (active) wanted.set(chatId, isLocale(locale) ? locale : referenceLocale);
      else unwanted.add(chatId);
    }
    if (this.firstSync) {
      // Deactivated while the bot was not running: their menu may still be there.
      for (const chatId of unwanted) {
        if (!wanted.has(chatId)) await this.api.deleteMyCommands({ scope: chatScope(chatId) });
      }
      this.firstSync = false;
    }
    for (const [chatId, locale] of wanted) {
      if (this.published.get(chatId) === locale) continue;
      await this.api.setMyCommands(this.commands(locale), { scope: chatScope(chatId) });
      this.published.set(chatId, locale);
    }
    for (const chatId of [...this.published.keys()]) {
      if (wanted.has(chatId)) continue;
      await this.api.deleteMyCommands({ scope: chatScope(chatId) });
      this.published.delete(chatId);
    }
  }

  private commands(locale: Locale) {
    const { messages } = this.prompts;
    return clinicianMenu.map((command) => ({ command, description: messages.t(locale, `menu.${command}`) }));
  }
}

const syncEveryMs = 60_000;

/** Keeps the menus in step from now on; returns the function that stops it. */
export function keepClinicianMenus(api: Api, app: App): () => void {
  const menus = new ClinicianMenus(api, app.database.db, app.prompts);
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
