/**
 * Writes the replies caused by one event (or one scheduled start) into the outbox, inside the caller's
 * transaction. Dedupe keys derive from the cause, so replaying the cause can never queue twice.
 */

import type { Tx } from "../db/connection.js";
import { attachOutbox, type ChoiceMeaning, newChoiceSet } from "../db/repos/choice-sets.js";
import type { Platform } from "../db/schema.js";
import type { UrgentChannel } from "./channels.js";
import { crisisKeyPrefix } from "./crisis-key.js";
import type { ChoiceButton } from "./payload.js";
import { enqueue, type OutboxRow } from "./queue.js";

export interface Recipient {
  platform: Platform;
  chatId: string;
  identityId: number | null;
}

export interface ChoiceOption {
  key: string;
  label: string;
}

/**
 * A client's chart for a clinician who asked for it in chat (`/summary ALIAS`). Drawing is slow and
 * asynchronous, so it happens after the commit and is queued in a transaction of its own.
 */
export interface ChartRequest {
  therapistId: number;
  clientId: number;
  /** The ISO week the chart ends with. */
  weekId: string;
  to: Recipient;
  dedupeKey: string;
}

/**
 * A QR code of an invite link for the clinician who asked for the invite (`/invite`, `/reinvite`).
 * Drawing is asynchronous, so like a chart it is drawn after the commit and queued on its own; the
 * invite text it repeats is already in the turn's replies, so a crash in between loses only the picture.
 */
export interface QrCodeRequest {
  /** Who asked, for which client: the picture is not queued once the client is no longer theirs. */
  therapistId: number;
  clientId: number;
  /** The invite's code: the picture is not queued once the invite is no longer usable. */
  inviteCode: string;
  /** What the QR code encodes. */
  link: string;
  /** The picture's caption and its text for screen readers. */
  caption: string;
  altText: string;
  fileName: string;
  to: Recipient;
  dedupeKey: string;
}

export class Outbound {
  private sequence = 0;
  /** Rows to send directly after the commit, ahead of the queue (crisis replies). */
  readonly urgentIds: number[] = [];
  /** Charts to draw and queue after the commit. */
  readonly chartRequests: ChartRequest[] = [];
  /** QR codes to draw and queue after the commit. */
  readonly qrCodeRequests: QrCodeRequest[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly now: Date,
    /** Unique per cause, e.g. `in:telegram:123` or `occ:42`. */
    private readonly causeKey: string,
    private readonly priority: number,
    /**
     * Who will send `urgent` rows directly after the commit (they are written `sending` under its
     * lease); without it, they queue first in line.
     */
    private readonly directSender?: Pick<UrgentChannel, "leaseFor">,
  ) {}

  /** `secret`: the text carries an invite's code, which the outbox forgets once it is sent (payload.ts). */
  say(to: Recipient, text: string, options: { secret?: boolean } = {}): OutboxRow {
    return this.write(to, { kind: "message", text, ...(options.secret ? { secret: true as const } : {}) });
  }

  /**
   * A message that must not wait in the queue: recorded here like any other, then sent directly once
   * the transaction commits (`urgentIds`). A crash before that leaves it `sending` under a lease that
   * runs out, and then it is sent again (outbox/leases.ts), so it is never lost.
   */
  urgent(to: Recipient, text: string, options: { alertId?: number } = {}): OutboxRow {
    // A crisis reply for an alert carries the alert in its key, so whoever learns how the send ended
    // (now, or after a restart) can tell that alert's clinicians.
    const prefix = options.alertId === undefined ? "" : crisisKeyPrefix(options.alertId);
    const row = this.write(to, { kind: "message", text }, prefix, this.directSender);
    if (this.directSender !== undefined) this.urgentIds.push(row.id);
    return row;
  }

  /** Sends text with buttons; the button data points at a new choice set owned by the recipient. */
  ask(to: Recipient & { identityId: number }, text: string, rows: ChoiceOption[][], meaning: ChoiceMeaning): OutboxRow {
    const set = newChoiceSet(this.tx, { identityId: to.identityId, ...meaning }, this.now);
    const choices: ChoiceButton[][] = rows.map((row) =>
      row.map((option) => ({ data: `${set.id}.${option.key}`, label: option.label })),
    );
    const row = this.write(to, { kind: "message", text, choices });
    attachOutbox(this.tx, set.id, row.id);
    return row;
  }

  /** Asks for a client's chart to follow the replies of this turn, once it is committed. */
  chart(to: Recipient, request: Omit<ChartRequest, "to" | "dedupeKey">): void {
    this.sequence += 1;
    this.chartRequests.push({ ...request, to, dedupeKey: `${this.causeKey}:${this.sequence}:chart` });
  }

  /** Asks for an invite's QR code to follow the replies of this turn, once it is committed. */
  qrCode(to: Recipient, request: Omit<QrCodeRequest, "to" | "dedupeKey">): void {
    this.sequence += 1;
    this.qrCodeRequests.push({ ...request, to, dedupeKey: `${this.causeKey}:${this.sequence}:qr` });
  }

  /** Replaces an earlier message's text and removes its buttons. */
  edit(to: Recipient, targetOutboxId: number, text: string): OutboxRow {
    return this.write(to, { kind: "edit", targetOutboxId, text });
  }

  /** With `sender`, the row is written `sending` under the sender's lease, for it to send directly. */
  private write(
    to: Recipient,
    payload: Parameters<typeof enqueue>[1]["payload"],
    keyPrefix = "",
    sender?: Pick<UrgentChannel, "leaseFor">,
  ): OutboxRow {
    this.sequence += 1;
    const dedupeKey = `${keyPrefix}${this.causeKey}:${this.sequence}`;
    const sending = sender === undefined ? {} : { status: "sending" as const, lease: sender.leaseFor(this.now) };
    return enqueue(this.tx, { ...to, payload, priority: this.priority, dedupeKey, ...sending }, this.now);
  }
}
