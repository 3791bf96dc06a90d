/**
 * One client's page: this week as the caseload shows it (status, latest scores with their arrows,
 * flags with reasons, what is held back), then the trend charts with the therapist's ratings, the
 * sessions, the check-in timeline, and the notes and topics the client shared. Aliases only; risk
 * stands out by words and ⚠ as well as colour.
 */
import type { ClientRecord } from "../../insights/client-record.js";
import { clientBlock } from "../../insights/render/blocks.js";
import { caveatLines, legendLine, type SummaryWords } from "../../insights/render/summary-text.js";
import type { WebText } from "../web-text.js";
import { SessionsTable } from "./client-sessions.js";
import { SharedWords } from "./client-shared.js";
import { clientStatusKeys } from "./client-status.js";
import { CheckinTimeline } from "./client-timeline.js";
import { type DrawnChart, TrendCharts } from "./client-trends.js";
import { renderPage, type SignedIn } from "./page.js";

export interface ClientPageInput {
  text: WebText;
  words: SummaryWords;
  signedIn: SignedIn;
  record: ClientRecord;
  charts: DrawnChart[];
  /** The therapist rated some session in the chart's weeks. */
  rated: boolean;
  /** The clinician's time zone, for the timeline. */
  zone: string;
  isDemo: boolean;
}

function ThisWeek({ record, w, text }: { record: ClientRecord; w: SummaryWords; text: WebText }) {
  const block = clientBlock(record.client, w, true);
  // The summary's lines: "Weekly means, week of …", one per dimension, then what the trends are over.
  const [heading, ...rest] = block.dimensions;
  const dimensionLines = rest.slice(0, -1);
  const basis = rest.at(-1);
  const latest = record.client.latest;
  return (
    <section aria-labelledby="this-week">
      <h2 id="this-week">{text.t("web_client.week_heading", { week: record.week.id })}</h2>
      <p>
        {text.t("web_client.status_line", {
          status: text.t(clientStatusKeys[record.client.status]),
          answered: record.client.answered,
          sent: record.client.sent,
          latest: latest
            ? w.t("summary.latest", { overall: w.number(latest.overall), date: w.date(latest.at) })
            : w.t("summary.no_answers"),
        })}
      </p>
      {block.flags.length === 0 ? (
        <p>{text.t("web_client.no_flags")}</p>
      ) : (
        <ul class="flags">
          {block.flags.map((f) => (
            <li key={f.text} class={f.kind === "risk" ? "flag-risk" : undefined}>
              {f.text}
            </li>
          ))}
        </ul>
      )}
      {heading ? (
        <>
          <p>{heading}</p>
          <ul class="dimensions">
            {dimensionLines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p>{basis}</p>
          <p class="muted">{legendLine(w, record.client.trendBasis === "sessions")}</p>
        </>
      ) : null}
      {block.reworded.map((line) => (
        <p key={line} class="muted">
          {line}
        </p>
      ))}
    </section>
  );
}

export function clientPage(input: ClientPageInput): string {
  const { text, words: w, record } = input;
  const alias = record.client.alias;
  const openRisk = record.client.flags.some((f) => f.kind === "risk" && f.numbers.state === "open");
  return renderPage({
    text,
    title: text.t("web_client.title", { alias }),
    signedIn: input.signedIn,
    children: (
      <>
        {input.isDemo ? <p class="demo">{text.t("web.demo_label")}</p> : null}
        <p>
          <a href="/">{text.t("web.back_home")}</a>
          {openRisk ? (
            <>
              {" · "}
              <a href="/alerts" class="flag-risk">
                {text.t("web_client.open_alerts")}
              </a>
            </>
          ) : null}
        </p>
        <ThisWeek record={record} w={w} text={text} />
        <TrendCharts charts={input.charts} alias={alias} w={w} rated={input.rated} />
        <SessionsTable
          sessions={record.sessions}
          sides={record.sides}
          overallOnly={record.client.scoreDetail === "overall"}
          from={(record.chartWeeks[0] ?? record.week).mondayDate}
          w={w}
        />
        <CheckinTimeline timeline={record.timeline} zone={input.zone} w={w} />
        <SharedWords notes={record.notes} topics={record.topics} alias={alias} w={w} />
        {caveatLines(w).map((line) => (
          <p key={line} class="muted">
            {line}
          </p>
        ))}
      </>
    ),
  });
}
