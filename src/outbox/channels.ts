/**
 * The two ways a send leaves the engine other than the queue, both started after the engine's commit:
 * crisis replies sent at once, and charts drawn and then queued. The outbox's dispatcher and the
 * insights' chart drawer implement them; the engine is given them (engine/ports.ts) and knows neither.
 */
import type { Platform } from "../db/schema.js";
import type { ChartRequest } from "./outbound.js";

/** Sends crisis replies without waiting in the outbox queue (the dispatcher implements it). */
export interface UrgentChannel {
  /** Sends rows the engine just committed as `sending`, retrying within a bound, and records how each ended. */
  sendRecorded(outboxIds: number[]): void;
  /** Sends a message that could not be recorded (the database failed); resolves when sent, rejects when given up. */
  sendUnrecorded(platform: Platform, chatId: string, text: string, dedupeKey: string): Promise<void>;
}

/** Draws a requested chart after the commit and queues it (the weekly-summary side implements it). */
export interface ChartChannel {
  deliver(request: ChartRequest): void;
}
