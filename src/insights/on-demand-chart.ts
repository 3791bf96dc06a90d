/**
 * Draws the chart a clinician asked for with `/summary ALIAS` and queues it behind the text reply.
 * It runs after the reply's transaction has committed; if Interlude stops in between, the text has
 * still arrived and the clinician can ask again (the chart is a convenience, never the record).
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import { getTherapist } from "../db/repos/people.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import type { Logger } from "../logger.js";
import type { ChartChannel } from "../outbox/channels.js";
import type { ChartRequest } from "../outbox/outbound.js";
import { enqueue, priority } from "../outbox/queue.js";
import type { Prompts } from "../prompts/load.js";
import { type ChartRenderer, renderClientChart } from "./charts.js";
import { summaryWords } from "./render/summary-text.js";
import { summariseWeek, therapistZone } from "./summarise.js";
import { summaryPayloads } from "./weekly-delivery.js";
import { weekNamed } from "./weeks.js";

export interface OnDemandChartDeps {
  db: Db;
  clock: Clock;
  prompts: Prompts;
  logger: Logger;
  renderer: ChartRenderer;
  /** Called once a chart is queued, so it goes out now rather than at the next poll. */
  onQueued?: () => void;
}

export class OnDemandCharts implements ChartChannel {
  /** The latest chart in flight; tests and shutdown wait for it. */
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly deps: OnDemandChartDeps) {}

  deliver(request: ChartRequest): void {
    this.pending = this.pending.then(() =>
      this.draw(request).catch((error: unknown) => {
        this.deps.logger.error(
          { therapistId: request.therapistId, err: { name: (error as Error).name, message: (error as Error).message } },
          "requested chart could not be drawn",
        );
      }),
    );
  }

  /** Resolves when every chart requested so far is queued (or has failed). */
  idle(): Promise<void> {
    return this.pending;
  }

  private async draw(request: ChartRequest): Promise<void> {
    const { db, prompts, clock } = this.deps;
    const therapist = getTherapist(db, request.therapistId);
    if (!therapist) return;
    const zone = therapistZone(db, therapist);
    const week = weekNamed(request.weekId, zone);
    const now = clock.now();
    const summary = week ? summariseWeek(db, prompts, therapist.id, week, now) : undefined;
    const client = summary?.clients.find((c) => c.clientId === request.clientId);
    if (!summary || !client) return;
    const locale = therapist.locale && isLocale(therapist.locale) ? therapist.locale : referenceLocale;
    const chart = await renderClientChart(summary, client, summaryWords(prompts, locale, zone), this.deps.renderer);
    const [payload] = summaryPayloads([], [chart]);
    if (!payload) return;
    db.transaction((tx) => {
      enqueue(tx, { ...request.to, payload, priority: priority.reply, dedupeKey: request.dedupeKey }, now);
    });
    this.deps.onQueued?.();
  }
}
