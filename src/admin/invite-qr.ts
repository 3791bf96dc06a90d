/**
 * Draws the QR code of an invite link a clinician asked for (`/invite`, `/reinvite` on Telegram) and
 * queues it as a picture behind the turn's text replies, the way a requested chart travels. It runs
 * after the reply's transaction has committed; the link is in that reply already, so if Interlude stops
 * in between only the picture is lost. What may have changed meanwhile is checked again in the
 * transaction that queues it: a code a newer invite revoked, or a client who is no longer the
 * clinician's (a hand-over, a deactivation), gets no picture. The picture carries the code, so it is
 * queued as a secret (forgotten once sent), and nothing about the link or the code is ever logged.
 */
import QRCode from "qrcode";
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import { findUsableInvite } from "../db/repos/invites.js";
import type { Logger } from "../logger.js";
import type { QrCodeChannel } from "../outbox/channels.js";
import type { QrCodeRequest } from "../outbox/outbound.js";
import type { MessagePayload } from "../outbox/payload.js";
import { enqueue, outboxRowByKey, priority } from "../outbox/queue.js";
import { mayViewClient } from "../safety/alert-access.js";

/**
 * Medium error correction survives a photographed screen; 8 pixels a module and the standard quiet zone
 * of 4 give a picture of about 300 pixels for a t.me link, sharp on a phone.
 */
const qrOptions = { type: "png", errorCorrectionLevel: "M", margin: 4, scale: 8 } as const;

/** The PNG of a QR code for `text`. */
export function qrCodePng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, qrOptions);
}

export interface InviteQrDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Called once a picture is queued, so it goes out now rather than at the next poll. */
  onQueued?: () => void;
}

export class InviteQrCodes implements QrCodeChannel {
  /** The latest picture in flight; tests and shutdown wait for it. */
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly deps: InviteQrDeps) {}

  deliver(request: QrCodeRequest): void {
    this.pending = this.pending.then(() =>
      this.draw(request).catch((error: unknown) => {
        this.deps.logger.error({ err: { name: (error as Error).name } }, "invite QR code could not be drawn");
      }),
    );
  }

  /** Resolves when every picture requested so far is queued (or has failed). */
  idle(): Promise<void> {
    return this.pending;
  }

  private async draw(request: QrCodeRequest): Promise<void> {
    const png = await qrCodePng(request.link);
    const { db, clock } = this.deps;
    const payload: MessagePayload = {
      kind: "message",
      text: request.caption,
      image: { pngBase64: png.toString("base64"), fileName: request.fileName, altText: request.altText },
      secret: true,
    };
    const queued = db.transaction((tx) => {
      const now = clock.now();
      // Asked for twice (a replayed request): the first picture stands.
      if (outboxRowByKey(tx, request.dedupeKey)) return false;
      if (!mayViewClient(tx, request.clientId, request.therapistId)) return false;
      if (findUsableInvite(tx, request.inviteCode, now)?.clientId !== request.clientId) return false;
      enqueue(tx, { ...request.to, payload, priority: priority.reply, dedupeKey: request.dedupeKey }, now);
      return true;
    });
    if (queued) this.deps.onQueued?.();
  }
}
