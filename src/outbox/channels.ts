/**
 * The ways a send leaves the engine other than the queue, all started after the engine's commit:
 * crisis replies sent at once, and charts and invite QR codes drawn and then queued. The outbox's
 * dispatcher, the insights' chart drawer and the admin's QR drawer implement them; the engine is given
 * them (engine/ports.ts) and knows none of them.
 */
import type { Platform } from "../db/schema.js";
import type { Lease } from "./leases.js";
import type { ChartRequest, QrCodeRequest } from "./outbound.js";

/** Sends crisis replies without waiting in the outbox queue (the dispatcher implements it). */
export interface UrgentChannel {
  /** The lease its rows are written under, so that another worker re-sends them if this one dies. */
  leaseFor(now: Date): Lease;
  /** Sends rows the engine just committed as `sending`, retrying within a bound, and records how each ended. */
  sendRecorded(outboxIds: number[]): void;
  /** Sends a message that could not be recorded (the database failed); resolves when sent, rejects when given up. */
  sendUnrecorded(platform: Platform, chatId: string, text: string, dedupeKey: string): Promise<void>;
}

/** Draws a requested chart after the commit and queues it (the weekly-summary side implements it). */
export interface ChartChannel {
  deliver(request: ChartRequest): void;
}

/** Draws a requested invite QR code after the commit and queues it (src/admin/invite-qr.ts). */
export interface QrCodeChannel {
  deliver(request: QrCodeRequest): void;
}
