/**
 * Telegram's side of the clinicians' command menu: a chat's own menu through the per-chat command
 * scope. Which chats get one, in which language, is decided by the engine (src/engine/clinician-menus.ts)
 * at start-up and every minute; this only carries it out.
 */
import { type Api, GrammyError } from "grammy";
import type { MenuChannel, MenuEntry } from "../../src/engine/clinician-menus.js";

/** A private chat's id is the user's numeric id; Telegram wants it as a number. */
const chatScope = (chatId: string) => ({ type: "chat" as const, chat_id: Number(chatId) });

export class TelegramMenuChannel implements MenuChannel {
  readonly platform = "telegram" as const;

  constructor(private readonly api: Api) {}

  canHoldMenu(chatId: string): boolean {
    return /^-?\d+$/.test(chatId);
  }

  async publish(chatId: string, entries: readonly MenuEntry[]): Promise<void> {
    await this.api.setMyCommands([...entries], { scope: chatScope(chatId) });
  }

  async clear(chatId: string): Promise<"cleared" | "gone"> {
    try {
      await this.api.deleteMyCommands({ scope: chatScope(chatId) });
      return "cleared";
    } catch (error) {
      // Telegram refusing the chat itself (gone, or the bot blocked) means there is no menu to clear.
      if (error instanceof GrammyError && [400, 403].includes(error.error_code)) return "gone";
      throw error;
    }
  }
}
