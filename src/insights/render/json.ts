/**
 * The weekly summary as JSON (the CLI's `--format json`), for a practice's own tools: the same data
 * as the text, with each flag's numbers and its reason in words, and times in ISO 8601 (UTC).
 */
import type { WeeklySummary } from "../weekly-summary.js";
import { caveatLines, flagReason, legendLine, type SummaryWords } from "./summary-text.js";

export function summaryJson(summary: WeeklySummary, w: SummaryWords): unknown {
  const perSession = summary.clients.some((c) => c.trendBasis === "sessions");
  return {
    week: summary.week.id,
    from: summary.week.start.toISOString(),
    to: summary.week.end.toISOString(),
    therapistId: summary.therapistId,
    generatedAt: summary.generatedAt.toISOString(),
    locale: w.locale,
    headline: summary.headline,
    clients: summary.clients.map((c) => ({
      clientId: c.clientId,
      alias: c.alias,
      status: c.status,
      sent: c.sent,
      answered: c.answered,
      latest: c.latest
        ? { at: c.latest.at.toISOString(), overall: c.latest.overall, dimensions: c.latest.dimensions }
        : null,
      latestWeek: c.latestWeek ?? null,
      /** "overall": the client shares only their overall score; no dimension's number appears for them. */
      scoreDetail: c.scoreDetail,
      trends: c.trends,
      ...(c.overallTrend ? { overallTrend: c.overallTrend } : {}),
      trendBasis: c.trendBasis,
      trendSessions: c.trendSessions.map((at) => at.toISOString()),
      flags: c.flags.map((f) => ({
        kind: f.kind,
        at: f.at.toISOString(),
        numbers: f.numbers,
        reason: flagReason(f, w),
      })),
      notes: c.notes.map((n) => ({ at: n.at.toISOString(), text: n.text })),
      /** Topics released this week: the words of before-the-session ones, null for at-the-session ones. */
      topics: c.topics.map((t) => ({ at: t.at.toISOString(), text: t.text })),
      /** Something is held back (a private note this week, or notes for the next session), never what. */
      heldBack: c.heldBack,
      reworded: c.reworded,
      chart: c.chart,
      /** The therapist's own rating of each session of the week beside the client's means for it. */
      sideBySide: c.sides.map((sides) => ({
        sessionAt: sides.sessionAt.toISOString(),
        // An overall-only client: their overall score beside the therapist's mean rating.
        ...(c.scoreDetail === "overall"
          ? { client: { overall: sides.overall?.client }, therapist: { overall: sides.overall?.therapist } }
          : { client: sides.client, therapist: sides.therapist }),
      })),
    })),
    /** How to read each client's trends: what the arrows, "–" and sparkline blocks mean. */
    legend: legendLine(w, perSession),
    /** Read with every summary: Interlude's own questions, and no flag is not proof of no rupture. */
    caveats: caveatLines(w),
  };
}
