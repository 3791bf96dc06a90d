/**
 * Which clinician chats show the clinicians' command menu, decided here and carried out by the
 * platform (a MenuChannel: Telegram's per-chat command scope). Each active therapist's linked chat gets
 * the clinician commands of the command table (events.ts) in the therapist's language; a chat whose
 * therapist was deactivated goes back to the default menu. Therapists link and are deactivated while
 * Interlude runs, so the sync runs at start-up and from the minute tick.
 *
 * What was published is kept in the database (db/repos/clinician-menus.ts), not in memory:
 * deactivation deletes the clinician's chat account, so a process that was stopped at the time could
 * not otherwise know that the chat still shows the menu. With the record, the first sync after a start
 * clears it, and a running one calls the platform only for what changed.
 */
import type { Clock } from "../clock.js";
import type { DbOrTx } from "../db/connection.js";
import { forgetMenu, knownMenus, recordMenu } from "../db/repos/clinician-menus.js";
import { therapistChats } from "../db/repos/identities.js";
import type { Platform } from "../db/schema.js";
import { isLocale, type Locale, referenceLocale } from "../i18n/locales.js";
import type { Logger } from "../logger.js";
import type { Messages } from "../prompts/messages.js";
import { menuCommands, menuKeyOf } from "./events.js";

/** One entry of a command menu, as platforms show it. */
export interface MenuEntry {
  command: string;
  description: string;
}

/** A platform that can give one chat a menu of its own (the adapter implements it). */
export interface MenuChannel {
  readonly platform: Platform;
  /** Whether this chat id can carry a menu of its own at all (Telegram: a numeric private chat). */
  canHoldMenu(chatId: string): boolean;
  /** Shows these commands in this chat. */
  publish(chatId: string, entries: readonly MenuEntry[]): Promise<void>;
  /** Takes the chat's own menu away; "gone" when the platform says the chat no longer exists. */
  clear(chatId: string): Promise<"cleared" | "gone">;
}

export interface ClinicianMenuDeps {
  db: DbOrTx;
  clock: Clock;
  messages: Messages;
}

/** The clinicians' menu in one language. */
export function clinicianMenuEntries(messages: Messages, platform: Platform, locale: Locale): MenuEntry[] {
  return menuCommands(platform, "clinician").map((command) => ({
    command: command.name,
    description: messages.t(locale, menuKeyOf(command)),
  }));
}

/**
 * Brings one platform's clinician menus up to date: publishes them for newly linked therapists (or a
 * changed language) and clears stale ones. One chat that cannot be cleared now does not hold back the
 * others; it is tried again next time, and the first failure is thrown once the rest are done.
 */
export async function syncClinicianMenus(deps: ClinicianMenuDeps, channel: MenuChannel): Promise<void> {
  const { db, clock, messages } = deps;
  const { platform } = channel;
  const wanted = new Map<string, Locale>();
  for (const { chatId, locale, active } of therapistChats(db, platform)) {
    if (active && channel.canHoldMenu(chatId)) wanted.set(chatId, isLocale(locale) ? locale : referenceLocale);
  }
  const known = knownMenus(db, platform);
  for (const [chatId, locale] of wanted) {
    if (known.get(chatId) === locale) continue;
    // Recorded before the call: if it fails, or Interlude stops half-way, the chat is still known
    // (locale unknown), so the menu is published again or cleared later, never forgotten.
    recordMenu(db, platform, chatId, null, clock.now());
    await channel.publish(chatId, clinicianMenuEntries(messages, platform, locale));
    recordMenu(db, platform, chatId, locale, clock.now());
  }
  let failure: unknown;
  for (const chatId of known.keys()) {
    if (wanted.has(chatId)) continue;
    try {
      // A chat that can hold no menu has none to clear; the record alone goes.
      if (channel.canHoldMenu(chatId)) await channel.clear(chatId);
      forgetMenu(db, platform, chatId);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

/**
 * The menus of every platform that has registered a channel, synced when a channel registers (at
 * start-up) and at each minute tick. A sync still running when the next tick comes is not doubled.
 */
export class ClinicianMenuSync {
  private readonly channels: MenuChannel[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly deps: ClinicianMenuDeps & { logger: Logger }) {}

  register(channel: MenuChannel): void {
    this.channels.push(channel);
    void this.tick();
  }

  /**
   * One sync of every platform. A failure is logged and tried again at the next tick: a missing menu
   * is an inconvenience (clinicians can still type the commands), never a reason to stop.
   */
  tick(): Promise<void> {
    this.running ??= this.syncAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async syncAll(): Promise<void> {
    for (const channel of this.channels) {
      try {
        await syncClinicianMenus(this.deps, channel);
      } catch (error) {
        const err = { name: (error as Error).name, message: (error as Error).message };
        this.deps.logger.warn({ err, platform: channel.platform }, "could not update the clinicians' command menus");
      }
    }
  }
}
