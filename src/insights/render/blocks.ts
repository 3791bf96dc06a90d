/**
 * The summary as blocks of lines: one for the headline, one per client. Chat and Markdown differ only
 * in how a block is marked up, so both are built from these, and chat messages are cut between blocks
 * (a client's block is never split unless it alone is longer than a message).
 */
import type { Flag } from "../flags.js";
import type { ClientWeek, WeeklySummary } from "../weekly-summary.js";
import {
  caveatLines,
  clientLine,
  dimensionLines,
  flagReason,
  headlineText,
  legendLine,
  rewordedLines,
  type SummaryWords,
  sidesLines,
} from "./summary-text.js";

/** A flag's sentence, with its kind kept so a renderer can make a risk flag stand out. */
export interface FlagLine {
  kind: Flag["kind"];
  text: string;
}

export interface ClientBlock {
  client: ClientWeek;
  /** Needs attention, or carries a flag worth reading (ceiling, repaired): shown in full. */
  detailed: boolean;
  line: string;
  flags: FlagLine[];
  dimensions: string[];
  /** The therapist's ratings of the week's sessions beside the client's answers: shown for every client. */
  sides: string[];
  notes: string[];
  /** That the client holds something back ("keeps some notes private"), never what: shown for every client. */
  held: string[];
  reworded: string[];
}

export interface SummaryBlocks {
  headline: string[];
  clients: ClientBlock[];
  /** Shown when the therapist has no clients at all. */
  empty: string | undefined;
  /** What the arrows and sparklines mean: once per summary, and only if some block shows them. */
  legend: string | undefined;
  /** The closing lines every summary ends with (see `caveatLines`). */
  caveats: string[];
}

/** Longest stretch of a client's note quoted in a summary; the rest is marked as cut. */
export const noteCharacters = 600;

export function quoteNote(text: string): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length > noteCharacters ? `${chars.slice(0, noteCharacters).join("")}…` : chars.join("");
}

function heldBackLines(client: ClientWeek, w: SummaryWords): string[] {
  return [
    ...(client.heldBack.private ? [w.t("sharing.summary_private", { alias: client.alias })] : []),
    ...(client.heldBack.nextSession ? [w.t("sharing.summary_next_session", { alias: client.alias })] : []),
  ];
}

/** Detailed by default when the client has any flag; a clinician asking for one client sees it in full. */
export function clientBlock(client: ClientWeek, w: SummaryWords, detailed = client.flags.length > 0): ClientBlock {
  return {
    client,
    detailed,
    line: clientLine(client, w),
    flags: client.flags.map((f) => ({ kind: f.kind, text: flagReason(f, w) })),
    dimensions: detailed ? dimensionLines(client, w) : [],
    sides: sidesLines(client, w),
    notes: [
      ...client.notes.map((n) => w.t("summary.note", { text: quoteNote(n.text), date: w.date(n.at) })),
      ...topicLines(client, w),
    ],
    held: heldBackLines(client, w),
    reworded: detailed ? rewordedLines(client, w) : [],
  };
}

/**
 * Released topics, quoted like notes: a "before the session" topic's words; "at the session" ones only
 * as how many, per day they were released (their words never reach the summary).
 */
export function topicLines(client: ClientWeek, w: SummaryWords): string[] {
  const counts = new Map<string, number>();
  const lines: string[] = [];
  for (const topic of client.topics) {
    const date = w.date(topic.at);
    if (topic.text === null) counts.set(date, (counts.get(date) ?? 0) + 1);
    else lines.push(w.t("topics.summary_shared", { text: quoteNote(topic.text), date }));
  }
  for (const [date, count] of counts) {
    lines.push(w.t(count === 1 ? "topics.summary_count_one" : "topics.summary_count_other", { count, date }));
  }
  return lines;
}

/** The legend, if any of these blocks prints arrows and sparklines for it to explain. */
export function legendFor(blocks: ClientBlock[], w: SummaryWords): string | undefined {
  const shown = blocks.filter((b) => b.dimensions.length > 0);
  if (shown.length === 0) return undefined;
  const perSession = shown.some((b) => b.client.trendBasis === "sessions");
  return legendLine(w, perSession);
}

export function summaryBlocks(summary: WeeklySummary, w: SummaryWords): SummaryBlocks {
  const clients = summary.clients.map((c) => clientBlock(c, w));
  return {
    headline: headlineText(summary, w),
    clients,
    empty: summary.clients.length === 0 ? w.t("summary.no_clients") : undefined,
    legend: legendFor(clients, w),
    caveats: caveatLines(w),
  };
}
