/**
 * The words of a weekly summary in the therapist's language: numbers formatted for their locale,
 * dates in their time zone, and every flag given its reason in plain language with the numbers behind
 * it. The chat, Markdown and HTML renderers all take their sentences from here.
 */
import { DateTime } from "luxon";
import { type RatingDimension, ratingDimensions } from "../../db/schema.js";
import type { Locale } from "../../i18n/locales.js";
import type { Prompts } from "../../prompts/load.js";
import type { MessageKey } from "../../prompts/message-keys.js";
import type { Placeholders } from "../../prompts/messages.js";
import { type ChartLabels, type Dimension, dimensions } from "../chart/chart-input.js";
import type { Flag } from "../flags.js";
import { disagreementGap } from "../side-by-side.js";
import { meaningfulChange } from "../trends.js";
import { type ClientWeek, type DimensionTrend, trendWeeks, type WeeklySummary } from "../weekly-summary.js";

export interface SummaryWords {
  locale: Locale;
  t(key: MessageKey, values?: Placeholders): string;
  number(n: number): string;
  date(at: Date | string): string;
  /** A week's Monday ("YYYY-MM-DD", already a date in the reader's zone) as a short axis label: "Nov 16". */
  weekLabel(mondayDate: string): string;
  /** A dimension's name; the therapist's "work" (goals and tasks together) and the overall score have one too. */
  dimension(d: Dimension | RatingDimension | "overall"): string;
}

export function summaryWords(prompts: Prompts, locale: Locale, zone: string): SummaryWords {
  const intlLocale = locale === "zh" ? "zh-CN" : locale;
  const format = new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 1 });
  const t = (key: MessageKey, values?: Placeholders) => prompts.messages.t(locale, key, values);
  return {
    locale,
    t,
    number: (n) => format.format(n),
    date: (at) =>
      (typeof at === "string" ? DateTime.fromISO(at) : DateTime.fromJSDate(at)).setZone(zone).toFormat("yyyy-MM-dd"),
    // Read and written in UTC: the string is already the local calendar date, and converting it to
    // another zone could move it to the Sunday before.
    weekLabel: (mondayDate) =>
      DateTime.fromISO(mondayDate, { zone: "utc" })
        .setLocale(intlLocale)
        .toLocaleString({ month: "short", day: "numeric" }),
    dimension: (d) => (d === "overall" ? t("sharing.overall") : t(`summary.dim_${d}` as MessageKey)),
  };
}

const num = (flag: Flag, name: string) => Number(flag.numbers[name]);

/**
 * One flag as a sentence: what was seen, and the numbers that made it a flag; for a check-in about a
 * session, which session (so a flag reads per session where the client has sessions).
 */
export function flagReason(flag: Flag, w: SummaryWords): string {
  const sentence = flagSentence(flag, w);
  const session = flag.numbers.sessionAt;
  // A disagreement is about a session by nature, and its sentence names it already.
  return typeof session === "string" && flag.kind !== "disagreement"
    ? `${sentence}${w.t("summary.flag_about_session", { date: w.date(session) })}`
    : sentence;
}

function flagSentence(flag: Flag, w: SummaryWords): string {
  const n = (name: string) => w.number(num(flag, name));
  const dim = () => w.dimension(String(flag.numbers.dimension) as Dimension);
  switch (flag.kind) {
    case "risk":
      return w.t("summary.flag_risk", {
        alert: String(flag.numbers.alert),
        state: w.t(flag.numbers.state === "open" ? "summary.state_open" : "summary.state_acknowledged"),
        date: w.date(flag.at),
      });
    case "undeliverable":
      return w.t("summary.flag_undeliverable");
    case "low":
      return w.t(flag.numbers.item === undefined ? "summary.flag_low" : "summary.flag_low_item", {
        overall: n("overall"),
        low_overall: n("lowOverall"),
        low_item: n("lowItem"),
        ...(flag.numbers.item === undefined ? {} : { dimension: dim(), score: n("itemScore") }),
      });
    case "drop":
      return w.t(flag.numbers.item === undefined ? "summary.flag_drop" : "summary.flag_drop_item", {
        from: n("from"),
        to: n("to"),
        ...(flag.numbers.item === undefined
          ? {}
          : { dimension: dim(), item_from: n("itemFrom"), item_to: n("itemTo") }),
      });
    case "below_baseline":
      return w.t("summary.flag_below_baseline", {
        overall: n("overall"),
        mean: n("mean"),
        sd: n("sd"),
        sds: n("sds"),
        count: n("count"),
      });
    case "unrepaired":
      return w.t("summary.flag_unrepaired", { date: w.date(String(flag.numbers.since)) });
    case "disagreement":
      return w.t(flag.numbers.reason === "gap" ? "summary.flag_disagreement" : "summary.flag_disagreement_unseen", {
        date: w.date(String(flag.numbers.sessionAt)),
        dimension: dim(),
        therapist: n("therapist"),
        client: n("client"),
        gap: w.number(disagreementGap),
      });
    case "quiet":
      return w.t("summary.flag_quiet", { count: n("count"), date: w.date(String(flag.numbers.since)) });
    case "ceiling":
      return w.t("summary.flag_ceiling", { run: n("run") });
    case "repaired":
      return w.t(flag.numbers.mean === undefined ? "summary.flag_repaired" : "summary.flag_repaired_mean", {
        overall: n("overall"),
        date: w.date(String(flag.numbers.since)),
        ...(flag.numbers.mean === undefined ? {} : { mean: n("mean") }),
      });
  }
}

export function headlineText(summary: WeeklySummary, w: SummaryWords): string[] {
  const { headline, week } = summary;
  const rate = headline.sent === 0 ? "–" : `${Math.round((headline.answered / headline.sent) * 100)}%`;
  return [
    w.t("summary.title", {
      week: week.id,
      from: w.date(week.start),
      to: w.date(new Date(week.end.getTime() - 1)),
    }),
    w.t("summary.counts", {
      attention: headline.needingAttention,
      clients: headline.clients,
      answered: headline.answered,
      sent: headline.sent,
      rate,
    }),
  ];
}

function statusNote(client: ClientWeek, w: SummaryWords): string {
  switch (client.status) {
    case "paused":
      return ` ${w.t("summary.status_paused")}`;
    case "invited":
      return ` ${w.t("summary.status_invited")}`;
    case "stopped":
      return ` ${w.t("summary.status_stopped")}`;
    default:
      return "";
  }
}

/** The one line every client gets: alias, answered/sent, latest overall with its direction. */
export function clientLine(client: ClientWeek, w: SummaryWords): string {
  const latest = client.latest
    ? w.t("summary.latest", { overall: w.number(client.latest.overall), date: w.date(client.latest.at) })
    : w.t("summary.no_answers");
  return w.t("summary.client_line", {
    alias: client.alias,
    status: statusNote(client, w),
    answered: client.answered,
    sent: client.sent,
    latest,
  });
}

/**
 * Per dimension: the mean of the latest week with answers, its arrow and sparkline, under a line
 * naming that week and above one naming what the trend is read over (the last four weeks, or the
 * client's last sessions). The value is the week's mean, as the chart plots it, not the latest check-in
 * (which the client line already gives): two check-ins of 4 and 2 in one week print 3, as drawn.
 */
export function dimensionLines(client: ClientWeek, w: SummaryWords): string[] {
  const latestWeek = client.latestWeek;
  if (!latestWeek) return [];
  const line = (name: string, value: number | undefined, trend: DimensionTrend | undefined) =>
    w.t("summary.dimension_line", {
      dimension: name,
      value: value === undefined ? "–" : w.number(value),
      arrow: trend?.arrow ?? "–",
      sparkline: trend?.sparkline ?? "",
    });
  // A client who shares only the overall score gets that one line, and a word on why.
  const lines = client.overallTrend
    ? [line(w.dimension("overall"), latestWeek.overall, client.overallTrend), w.t("sharing.summary_overall_only")]
    : dimensions.map((d) => line(w.dimension(d), latestWeek.dimensions[d], client.trends[d]));
  return [w.t("summary.weekly_mean_heading", { date: latestWeek.weekStart }), ...lines, trendBasisLine(client, w)];
}

/** Which basis a client's arrows and blocks use, so a week-by-week and a session-by-session trend are not confused. */
function trendBasisLine(client: ClientWeek, w: SummaryWords): string {
  const [first] = client.trendSessions;
  return client.trendBasis === "sessions" && first
    ? w.t("summary.trend_basis_sessions", { count: client.trendSessions.length, date: w.date(first) })
    : w.t("summary.trend_basis_weeks", { count: trendWeeks });
}

/**
 * Each session of the week the therapist rated, their rating beside the client's (means of the
 * client's check-ins about it): "Session 2026-01-08, client / you: Safety 4.5 / 3 · Bond 4.5 / – · …".
 */
export function sidesLines(client: ClientWeek, w: SummaryWords): string[] {
  const shown = (value: number | undefined) => (value === undefined ? "–" : w.number(value));
  const pair = (dimension: string, values: { client?: number | undefined; therapist?: number | undefined }) =>
    w.t("summary.sides_pair", { dimension, client: shown(values.client), therapist: shown(values.therapist) });
  return client.sides.map((sides) =>
    w.t("summary.sides_line", {
      date: w.date(sides.sessionAt),
      // An overall-only client: their overall score beside the therapist's mean rating.
      pairs:
        client.scoreDetail === "overall"
          ? pair(w.dimension("overall"), sides.overall ?? {})
          : ratingDimensions
              .map((d) => pair(w.dimension(d), { client: sides.client[d], therapist: sides.therapist[d] }))
              .join(" · "),
    }),
  );
}

/**
 * What the arrows, the "–" and the sparkline blocks mean. Said once per summary, not per client, and
 * only where some client's dimension lines are shown; the numbers come from the rules themselves.
 * `perSession`: some client's trend is over sessions, so the legend says how to read those too.
 */
export function legendLine(w: SummaryWords, perSession = false): string {
  const legend = w.t("summary.legend", { weeks: trendWeeks, steady: w.number(meaningfulChange) });
  return perSession ? `${legend}${w.t("summary.legend_sessions")}` : legend;
}

/**
 * What every summary ends with, whatever its format: the questions are not a validated instrument,
 * and a quiet list is not proof of a good alliance (clients report fewer ruptures than therapists).
 */
export function caveatLines(w: SummaryWords): string[] {
  return [w.t("summary.caveat_instrument"), w.t("summary.caveat_no_flag")];
}

export function rewordedLines(client: ClientWeek, w: SummaryWords): string[] {
  return client.reworded.map((r) => w.t("summary.reworded", { item: r.item, from: r.from, to: r.to }));
}

export function chartLabels(title: string, w: SummaryWords, weeks: string[]): ChartLabels {
  return {
    title,
    weekAxis: w.t("summary.chart_week_axis"),
    scoreAxis: w.t("summary.chart_score_axis"),
    dimensions: Object.fromEntries(dimensions.map((d) => [d, w.dimension(d)])) as Record<Dimension, string>,
    overall: w.dimension("overall"),
    weekNames: Object.fromEntries(weeks.map((week) => [week, w.weekLabel(week)])),
  };
}
