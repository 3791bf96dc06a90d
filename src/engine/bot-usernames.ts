/**
 * The bots' public usernames, as the platform adapters learn them at start-up (Telegram's getMe), or
 * as configured: what a one-tap invite link needs (`https://t.me/<username>?start=<code>`). Kept here
 * so the engine can write the link without knowing a platform's client.
 */
import type { Platform } from "../db/schema.js";

export class BotUsernames {
  private readonly names = new Map<Platform, string>();

  set(platform: Platform, username: string): void {
    this.names.set(platform, username);
  }

  get(platform: Platform): string | undefined {
    return this.names.get(platform);
  }
}
