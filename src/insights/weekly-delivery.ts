/**
 * The weekly summary job, run from the minute tick: for each active therapist with clients whose
 * summary time has passed, build the summary, draw its charts, and queue it to their linked chat —
 * all of it, with the (therapist, week) record, in one transaction. The record's UNIQUE index makes
 * the summary go out exactly once across restarts; the outbox makes it survive platform outages.
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { deliveryIdentityForTherapist } from "../db/repos/identities.js";
import { getPractice, listClients, listTherapists, type TherapistRow } from "../db/repos/people.js";
import { findSummary, recordSummary } from "../db/repos/summaries.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import type { Logger } from "../logger.js";
import type { OutboundPayload } from "../outbox/payload.js";
import { enqueue, priority } from "../outbox/queue.js";
import { settingsOf } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";
import { mayViewClient } from "../safety/alert-access.js";
import { type ChartRenderer, type RenderedChart, renderSummaryCharts } from "./charts.js";
import { summaryBlocks } from "./render/blocks.js";
import { chatLimits, renderChatParts } from "./render/chat.js";
import { summaryWords } from "./render/summary-text.js";
import { summariseWeek, therapistZone } from "./summarise.js";
import { latestSummaryDue } from "./summary-schedule.js";

export interface WeeklyDeliveryDeps {
  db: Db;
  clock: Clock;
  prompts: Prompts;
  logger: Logger;
  /** Without one, summaries go out as text only. */
  renderer?: ChartRenderer;
}

export interface DeliveryReport {
  queued: number;
  noChat: number;
  failures: number;
}

/** A caption longer than this goes as a separate message (Telegram allows 1024 caption characters). */
const captionLimit = 1000;

export class WeeklyDelivery {
  private running: Promise<DeliveryReport> | undefined;

  constructor(private readonly deps: WeeklyDeliveryDeps) {}

  /** Resolves when no pass is running. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** One pass; a pass already running is joined rather than doubled. */
  tick(): Promise<DeliveryReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<DeliveryReport> {
    const { db, clock, logger } = this.deps;
    const report: DeliveryReport = { queued: 0, noChat: 0, failures: 0 };
    for (const therapist of listTherapists(db).filter((t) => t.active)) {
      try {
        const outcome = await this.deliver(therapist, clock.now());
        if (outcome === "queued") report.queued += 1;
        if (outcome === "no_chat") report.noChat += 1;
      } catch (error) {
        report.failures += 1;
        logger.error(
          { therapistId: therapist.id, err: { name: (error as Error).name, message: (error as Error).message } },
          "weekly summary failed",
        );
      }
    }
    return report;
  }

  private async deliver(therapist: TherapistRow, now: Date): Promise<"queued" | "no_chat" | "not_due"> {
    const { db, prompts } = this.deps;
    const practice = getPractice(db, therapist.practiceId);
    if (!practice || listClients(db, { therapistId: therapist.id }).length === 0) return "not_due";
    const settings = settingsOf(practice);
    const zone = therapistZone(db, therapist);
    const { week } = latestSummaryDue(now, zone, settings.summaryDay, settings.summaryTime);
    if (findSummary(db, therapist.id, week.id)) return "not_due";

    const identity = deliveryIdentityForTherapist(db, therapist.id);
    if (!identity) {
      db.transaction((tx) => {
        if (findSummary(tx, therapist.id, week.id)) return;
        recordSummary(tx, { therapistId: therapist.id, week: week.id, status: "no_chat", parts: 0 }, now);
        audit(
          tx,
          {
            actor: "system",
            action: "summary.no_chat",
            subject: `therapist:${therapist.id}`,
            detail: { week: week.id },
          },
          now,
        );
      });
      // Info, not warn: the audit log keeps it, and the console demo's therapist never has a chat.
      this.deps.logger.info(
        { therapistId: therapist.id, week: week.id },
        "weekly summary: therapist has no reachable chat",
      );
      return "no_chat";
    }

    const summary = summariseWeek(db, prompts, therapist.id, week, now);
    if (!summary) return "not_due";
    const locale = therapist.locale && isLocale(therapist.locale) ? therapist.locale : referenceLocale;
    const words = summaryWords(prompts, locale, zone);
    const parts = renderChatParts(summaryBlocks(summary, words), chatLimits[identity.platform]);
    const charts = await this.charts(summary, words, therapist.id);

    // Checked again inside the transaction: another pass may have queued it while charts were drawn,
    // and while they were drawn the therapist may have been deactivated or unlinked, or a client moved
    // away from them. Then nothing is queued or recorded, so the next tick builds the summary afresh
    // from the caseload as it is (or, for a deactivated therapist, not at all).
    const queued = db.transaction((tx) => {
      if (findSummary(tx, therapist.id, week.id)) return false;
      const stillTheirs = summary.clients.every((client) => mayViewClient(tx, client.clientId, therapist.id));
      if (!stillTheirs || deliveryIdentityForTherapist(tx, therapist.id)?.id !== identity.id) return false;
      const payloads = summaryPayloads(parts, charts);
      payloads.forEach((payload, index) => {
        enqueue(
          tx,
          {
            platform: identity.platform,
            chatId: identity.chatId,
            identityId: identity.id,
            payload,
            priority: priority.scheduled,
            dedupeKey: `summary:${therapist.id}:${week.id}:${index}`,
          },
          now,
        );
      });
      recordSummary(tx, { therapistId: therapist.id, week: week.id, status: "queued", parts: payloads.length }, now);
      audit(
        tx,
        {
          actor: "system",
          action: "summary.queued",
          subject: `therapist:${therapist.id}`,
          detail: { week: week.id, clients: summary.clients.length, charts: charts.length },
        },
        now,
      );
      return true;
    });
    return queued ? "queued" : "not_due";
  }

  /** Charts are a bonus: if drawing fails, the text summary still goes out, and the log says why. */
  private async charts(
    summary: Parameters<typeof renderSummaryCharts>[0],
    words: Parameters<typeof renderSummaryCharts>[1],
    therapistId: number,
  ): Promise<RenderedChart[]> {
    if (!this.deps.renderer) return [];
    try {
      return await renderSummaryCharts(summary, words, this.deps.renderer);
    } catch (error) {
      this.deps.logger.error(
        { therapistId, err: { name: (error as Error).name, message: (error as Error).message } },
        "weekly summary charts could not be drawn; sending text only",
      );
      return [];
    }
  }
}

/** Text parts first (headline and clients), then the overview, then each client's chart. */
export function summaryPayloads(parts: string[], charts: RenderedChart[]): OutboundPayload[] {
  const payloads: OutboundPayload[] = parts.map((text) => ({ kind: "message", text }));
  for (const chart of charts) {
    payloads.push({
      kind: "message",
      text: chart.caption.slice(0, captionLimit),
      image: { pngBase64: Buffer.from(chart.png).toString("base64"), fileName: chart.fileName, altText: chart.altText },
    });
  }
  return payloads;
}
