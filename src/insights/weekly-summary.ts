/**
 * The weekly summary as data: for one therapist and one week, who was sent check-ins and who
 * answered, each client's latest scores and four-week trend, the flags with the numbers behind them,
 * and what clients wrote. Renderers (chat text, Markdown, HTML, JSON) and charts are built from this;
 * nothing here knows a language or a platform.
 */
import type { CaseloadClient, CaseloadHistory, OccurrenceOutcome, ScoredAnswerRow } from "../db/repos/insights.js";
import type { SessionRating } from "../db/repos/ratings.js";
import type { ReleasedTopic } from "../db/repos/topics.js";
import type { ScoreDetail } from "../db/schema.js";
import type { FlagThresholds } from "../practice/thresholds.js";
import { type ChartSeries, type Dimension, dimensions, type WeeklyPoint } from "./chart/chart-input.js";
import { evaluateClient, type Flag, flagKinds } from "./flags.js";
import { releasedNotes } from "./note-release.js";
import { overallDisagreement, overallFlag, overallSides } from "./overall-only.js";
import { type CheckinScore, CheckinScorer, type ScoringKey } from "./scores.js";
import { sessionBuckets, type TrendBasis } from "./session-trends.js";
import { disagreementOf, type SessionSides, sessionSides } from "./side-by-side.js";
import {
  type Arrow,
  arrowOf,
  chartPoints,
  type LatestWeek,
  latestWeekOf,
  scoresByWeek,
  sparkline,
  weeklyMeans,
} from "./trends.js";
import { type Week, weeksEndingWith } from "./weeks.js";

/** Weeks drawn in a chart, and weeks (or, for a client with sessions, sessions) read for a trend arrow. */
export const chartWeeks = 12;
export const trendWeeks = 4;
export const trendSessions = 4;
/**
 * How far back the summary reads: the chart's 12 weeks plus room for baselines (8 check-ins) and for
 * ruptures that are still open. A rupture older than this is no longer carried as "unrepaired".
 */
export const lookbackWeeks = 26;

/** Flags that count a client as "needing attention"; a ceiling run or a repair is worth reading, not urgent. */
export const attentionKinds: readonly Flag["kind"][] = flagKinds.filter((k) => k !== "ceiling" && k !== "repaired");

export interface DimensionTrend {
  /**
   * Oldest first: the last `trendWeeks` weekly means, or with `trendBasis` "sessions" each of the
   * trend's sessions' means (null: no answer that week, or about that session).
   */
  values: (number | null)[];
  arrow: Arrow;
  sparkline: string;
}

export interface ClientWeek {
  clientId: number;
  alias: string;
  status: CaseloadClient["status"];
  /** Check-ins sent this week, and how many of them the client answered. */
  sent: number;
  answered: number;
  /**
   * "overall": the client shares only their overall score, so nothing below names a dimension's or an
   * item's number: no dimensions in `latest`, `latestWeek` or `trends`, only the overall line in
   * `chart` and `overallTrend`, flags without items (see overall-only.ts).
   */
  scoreDetail: ScoreDetail;
  /** The latest check-in's scores up to the end of the week, if the client ever answered. */
  latest: { at: Date; overall: number; dimensions: Partial<Record<Dimension, number>> } | undefined;
  /**
   * The latest of the chart's weeks with answers and its weekly means: the numbers printed beside
   * each dimension, equal to the chart's last points. Undefined when nothing was answered in the chart's weeks.
   */
  latestWeek: LatestWeek | undefined;
  /** Per dimension; empty for a client who shares only the overall score. */
  trends: Partial<Record<Dimension, DimensionTrend>>;
  /** The overall score's trend, for a client who shares only that; undefined otherwise. */
  overallTrend: DimensionTrend | undefined;
  /** What the trends are read over (see `sessionBuckets` for the rule). */
  trendBasis: TrendBasis;
  /** With `trendBasis` "sessions", when each of the trend's sessions started, oldest first; else empty. */
  trendSessions: Date[];
  flags: Flag[];
  /** What the client wrote and shares, released this week (see note-release.ts), oldest first. */
  notes: { at: Date; text: string }[];
  /** Something is held back: a note kept private this week, or one waiting for the next session. */
  heldBack: { private: boolean; nextSession: boolean };
  /** Items whose wording changed (a new version) during the chart's weeks. */
  reworded: { item: string; from: number; to: number }[];
  /** The chart's weekly points over `chartWeeks`. */
  chart: WeeklyPoint[];
  /** Sessions of the week the therapist rated, each beside the client's check-ins about it, oldest first. */
  sides: SessionSides[];
  /**
   * Topics the client kept for a session and released this week, oldest first: the words of "before
   * the session" ones, null for "at the session" ones (the therapist sees only how many).
   */
  topics: { at: Date; text: string | null }[];
}

export interface WeeklySummary {
  therapistId: number;
  week: Week;
  chartWeeks: Week[];
  generatedAt: Date;
  headline: { clients: number; needingAttention: number; sent: number; answered: number };
  /** Risk first, then the rest needing attention (most serious flag first), then everyone else, by alias. */
  clients: ClientWeek[];
}

export interface SummaryInput {
  therapistId: number;
  week: Week;
  zone: string;
  history: CaseloadHistory;
  key: ScoringKey;
  thresholds: FlagThresholds;
  now: Date;
  /** The therapist's ratings of the week's sessions, by client (none: nothing rated). */
  ratings?: ReadonlyMap<number, SessionRating[]>;
  /** Topics released to the therapist, by client (none: nothing released). */
  topics?: ReadonlyMap<number, ReleasedTopic[]>;
}

const inWeek = (at: Date, week: Week) => at >= week.start && at < week.end;
const severity = (flags: Flag[]) => Math.min(...flags.map((f) => flagKinds.indexOf(f.kind)), flagKinds.length);
export const needsAttention = (c: ClientWeek) => c.flags.some((f) => attentionKinds.includes(f.kind));

/**
 * Trailing check-ins up to the week's end that reached the client and got no answer (expired, or
 * closed by a newer one). An answer ends the run. Check-ins that never reached the client (missed
 * during downtime or collapsed by quiet hours, or never accepted by the platform) are not silence:
 * they neither count nor break the run. Open and cancelled ones are left out.
 */
function quietRun(outcomes: OccurrenceOutcome[], week: Week): { count: number; since: Date | undefined } {
  let count = 0;
  let since: Date | undefined;
  const relevant = outcomes.filter(
    (o) => o.createdAt < week.end && ["completed", "expired", "superseded", "missed"].includes(o.status),
  );
  for (let i = relevant.length - 1; i >= 0; i--) {
    const o = relevant[i] as OccurrenceOutcome;
    if (o.status === "completed" || o.firstAnswerAt) break;
    if (o.status === "missed" || !o.delivered) continue;
    count += 1;
    since = o.createdAt;
  }
  return { count, since };
}

/** Items answered under more than one wording (version) during the chart's weeks. */
function rewordedItems(scores: CheckinScore[], from: Date): ClientWeek["reworded"] {
  const versions = new Map<string, { from: number; to: number }>();
  for (const score of scores) {
    if (score.at < from) continue;
    for (const [id, item] of score.items) {
      const seen = versions.get(id);
      if (!seen) versions.set(id, { from: item.version, to: item.version });
      else {
        seen.from = Math.min(seen.from, item.version);
        seen.to = Math.max(seen.to, item.version);
      }
    }
  }
  return [...versions].filter(([, v]) => v.from !== v.to).map(([item, v]) => ({ item, ...v }));
}

/** Scores a client's answer rows; each answer is dated by its check-in's first answer. */
export function scoreRows(rows: ScoredAnswerRow[], outcomes: OccurrenceOutcome[], key: ScoringKey): CheckinScore[] {
  const occurrence = new Map(outcomes.map((o) => [o.id, o]));
  const scorer = new CheckinScorer(key);
  for (const [occurrenceId, itemId, itemVersion, value] of rows) {
    const o = occurrence.get(occurrenceId);
    if (o) scorer.add(occurrenceId, o.checkinId, itemId, itemVersion, value, o.firstAnswerAt ?? o.createdAt);
  }
  return scorer.scores();
}

function clientWeek(client: CaseloadClient, input: SummaryInput, weeks: Week[]): ClientWeek {
  const { history, week, thresholds } = input;
  const overallOnly = client.scoreDetail === "overall";
  const outcomes = history.occurrences.get(client.id) ?? [];
  const evaluation = evaluateClient(scoreRows(history.answers.get(client.id) ?? [], outcomes, input.key), thresholds);
  const scores = evaluation.checkins.map((c) => c.score);

  const flags: Flag[] = [];
  for (const alert of history.alerts.get(client.id) ?? []) {
    // Open ones always; acknowledged ones only in the week they were raised.
    if (alert.kind !== "risk" || (alert.acknowledgedAt && !inWeek(alert.openedAt, week))) continue;
    flags.push({
      kind: "risk",
      at: alert.openedAt,
      numbers: { alert: alert.id, state: alert.acknowledgedAt ? "acknowledged" : "open" },
    });
  }
  if (history.undeliverable.has(client.id)) flags.push({ kind: "undeliverable", at: week.start, numbers: {} });
  // Each kind once: the latest check-in of the week that raised it, naming its session if it had one.
  const seen = new Map<Flag["kind"], Flag>();
  const sessionOf = new Map(outcomes.map((o) => [o.id, o.sessionStartsAt]));
  for (const checkin of evaluation.checkins) {
    if (!inWeek(checkin.score.at, week)) continue;
    const session = sessionOf.get(checkin.score.occurrenceId);
    for (const flag of checkin.flags) {
      seen.set(flag.kind, session ? { ...flag, numbers: { ...flag.numbers, sessionAt: session.toISOString() } } : flag);
    }
  }
  flags.push(...(overallOnly ? [...seen.values()].map(overallFlag) : seen.values()));
  // The therapist's view beside the client's, per session of the week; one disagreement flag, the latest.
  const bothSides = sessionSides(
    (input.ratings?.get(client.id) ?? []).filter((r) => inWeek(r.sessionStartsAt, week)),
    evaluation.checkins,
    sessionOf,
  );
  const sides = overallOnly ? bothSides.map(overallSides) : bothSides;
  const disagreement = sides
    .flatMap((s) => (overallOnly ? overallDisagreement(s, thresholds) : disagreementOf(s, thresholds)) ?? [])
    .at(-1);
  if (disagreement) flags.push(disagreement);
  const open = evaluation.openRupture;
  if (open && open.since < week.start) {
    flags.push({ kind: "unrepaired", at: open.since, numbers: { since: open.since.toISOString() } });
  }
  // A paused or stopped client is not expected to answer: their status line says so instead.
  const quiet = quietRun(outcomes, week);
  if (client.status === "active" && quiet.count >= thresholds.quietRun && quiet.since) {
    flags.push({ kind: "quiet", at: quiet.since, numbers: { count: quiet.count, since: quiet.since.toISOString() } });
  }
  flags.sort((a, b) => flagKinds.indexOf(a.kind) - flagKinds.indexOf(b.kind) || a.at.getTime() - b.at.getTime());

  const sentThisWeek = outcomes.filter(
    (o) => inWeek(o.createdAt, week) && !["missed", "superseded", "cancelled"].includes(o.status),
  );
  const last = scores.at(-1);
  const buckets = scoresByWeek(scores, weeks);
  const recentWeeks = weeks.slice(-trendWeeks);
  const sessions = sessionBuckets(scores, outcomes, (recentWeeks[0] as Week).start, trendSessions);
  const trendBuckets = sessions ? sessions.map((s) => s.scores) : buckets.slice(-trendWeeks);
  const trendOf = (series: ChartSeries): DimensionTrend => {
    const values = weeklyMeans(trendBuckets, series);
    return { values, arrow: arrowOf(values), sparkline: sparkline(values) };
  };
  const trends = overallOnly ? {} : Object.fromEntries(dimensions.map((d) => [d, trendOf(d)]));
  const cut = new Date(Math.min(week.end.getTime(), input.now.getTime()));
  const released = releasedNotes(
    history.notes.get(client.id) ?? [],
    history.sessionStarts.get(client.id) ?? [],
    week,
    cut,
  );
  const chart = chartPoints(buckets, weeks, overallOnly ? ["overall"] : dimensions);
  return {
    clientId: client.id,
    alias: client.alias,
    status: client.status,
    sent: sentThisWeek.length,
    answered: sentThisWeek.filter((o) => o.firstAnswerAt !== null).length,
    scoreDetail: client.scoreDetail,
    latest: last ? { at: last.at, overall: last.overall, dimensions: overallOnly ? {} : last.dimensions } : undefined,
    latestWeek: latestWeekOf(chart),
    trends,
    overallTrend: overallOnly ? trendOf("overall") : undefined,
    trendBasis: sessions ? "sessions" : "weeks",
    trendSessions: sessions ? sessions.map((s) => s.startsAt) : [],
    flags,
    notes: released.shown,
    heldBack: { private: released.keepsPrivate, nextSession: released.forNextSession },
    reworded: rewordedItems(scores, (weeks[0] as Week).start),
    chart,
    sides,
    topics: (input.topics?.get(client.id) ?? [])
      .filter((t) => inWeek(t.releasedAt, week))
      .map((t) => ({ at: t.releasedAt, text: t.text })),
  };
}

export function buildWeeklySummary(input: SummaryInput): WeeklySummary {
  const weeks = weeksEndingWith(input.week, chartWeeks, input.zone);
  const clients = input.history.clients.map((c) => clientWeek(c, input, weeks));
  clients.sort((a, b) => {
    const rank = (c: ClientWeek) =>
      needsAttention(c) ? severity(c.flags) : flagKinds.length + (c.flags.length > 0 ? 0 : 1);
    return rank(a) - rank(b) || a.alias.localeCompare(b.alias);
  });
  const sent = clients.reduce((n, c) => n + c.sent, 0);
  return {
    therapistId: input.therapistId,
    week: input.week,
    chartWeeks: weeks,
    generatedAt: input.now,
    headline: {
      clients: clients.length,
      needingAttention: clients.filter(needsAttention).length,
      sent,
      answered: clients.reduce((n, c) => n + c.answered, 0),
    },
    clients,
  };
}
