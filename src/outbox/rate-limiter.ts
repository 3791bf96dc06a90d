/**
 * Platform rate limits in one place: a minimum spacing between any two sends on a platform, and
 * between two sends to the same chat. Spacing (rather than bursts) keeps us under limits that the
 * platforms measure over short windows, so a 429 is the exception, not the feedback loop.
 * The state is only timing: losing it on restart costs at most one early send.
 */
import type { Platform } from "../db/schema.js";

export interface RateLimits {
  /** Sends per second across all chats. */
  perSecond: number;
  /** Sends per second to any one chat. */
  perChatPerSecond: number;
}

export const defaultRateLimits: Record<Platform, RateLimits> = {
  telegram: { perSecond: 30, perChatPerSecond: 1 },
  discord: { perSecond: 50, perChatPerSecond: 1 },
  console: { perSecond: 1_000, perChatPerSecond: 1_000 },
};

/** The share of a platform's limit we aim for. */
export const paceFraction = 0.97;

export class RateLimiter {
  private nextGlobalAt = 0;
  private readonly nextChatAt = new Map<string, number>();
  private readonly globalGapMs: number;
  private readonly chatGapMs: number;

  constructor(limits: RateLimits) {
    // Pace a little under the limit: timer jitter and the time between pacing and the request reaching
    // the platform can otherwise squeeze one send too many into the platform's one-second window.
    this.globalGapMs = 1_000 / (limits.perSecond * paceFraction);
    this.chatGapMs = 1_000 / (limits.perChatPerSecond * paceFraction);
  }

  /** Milliseconds until any send is allowed (0 = now). */
  globalWait(nowMs: number): number {
    return Math.max(0, this.nextGlobalAt - nowMs);
  }

  /** Milliseconds until a send to `chatId` is allowed (0 = now). */
  chatWait(chatId: string, nowMs: number): number {
    return Math.max(0, (this.nextChatAt.get(chatId) ?? 0) - nowMs);
  }

  record(chatId: string, nowMs: number): void {
    this.nextGlobalAt = Math.max(this.nextGlobalAt, nowMs) + this.globalGapMs;
    this.nextChatAt.set(chatId, nowMs + this.chatGapMs);
    if (this.nextChatAt.size > 50_000) this.forgetPast(nowMs);
  }

  /** Pushes every send back, e.g. after the platform answered 429 with retry_after. */
  pause(untilMs: number): void {
    this.nextGlobalAt = Math.max(this.nextGlobalAt, untilMs);
  }

  private forgetPast(nowMs: number): void {
    for (const [chat, at] of this.nextChatAt) if (at <= nowMs) this.nextChatAt.delete(chat);
  }
}
