/**
 * The caseload at a glance: the weekly summary as a table, one row per client: status, this week's
 * answers, each dimension's latest weekly mean with its arrow, and the flags with their reasons.
 * Sorting is by links (no script): the order is a column name in the query, never client data.
 */
import type { Dimension } from "../../insights/chart/chart-input.js";
import { dimensions } from "../../insights/chart/chart-input.js";
import type { ClientBlock } from "../../insights/render/blocks.js";
import type { SummaryWords } from "../../insights/render/summary-text.js";
import type { ClientWeek, WeeklySummary } from "../../insights/weekly-summary.js";
import { needsAttention } from "../../insights/weekly-summary.js";
import type { WebText } from "../web-text.js";
import { clientStatusKeys } from "./client-status.js";
import { renderPage, type SignedIn } from "./page.js";

export const caseloadSorts = ["attention", "alias", "answered", ...dimensions] as const;
export type CaseloadSort = (typeof caseloadSorts)[number];

/** The dimension's latest weekly mean, or the overall one for a client who shares only that. */
function latestValue(client: ClientWeek, d: Dimension): number | undefined {
  return client.latestWeek?.dimensions[d];
}

function sortRows(blocks: ClientBlock[], sort: CaseloadSort): ClientBlock[] {
  if (sort === "attention") return blocks; // the summary's own order: risk first, then attention, then by alias
  const copy = [...blocks];
  if (sort === "alias") return copy.sort((a, b) => a.client.alias.localeCompare(b.client.alias));
  if (sort === "answered") return copy.sort((a, b) => a.client.answered - b.client.answered);
  // Lowest first: the numbers worth a look come to the top; no number goes last.
  const key = (b: ClientBlock) => latestValue(b.client, sort) ?? Number.POSITIVE_INFINITY;
  return copy.sort((a, b) => key(a) - key(b));
}

function SortHeader(props: { sort: CaseloadSort; current: CaseloadSort; label: string; text: WebText }) {
  const active = props.sort === props.current;
  return (
    <th scope="col" aria-sort={active ? (props.sort === "attention" ? "other" : "ascending") : undefined}>
      <a href={`/?sort=${props.sort}`} aria-label={props.text.t("web.sort_by", { column: props.label })}>
        {props.label}
      </a>
    </th>
  );
}

function DimensionCell({ client, d, w }: { client: ClientWeek; d: Dimension; w: SummaryWords }) {
  if (client.scoreDetail === "overall") return <td class="muted">{w.t("web.overall_only_cell")}</td>;
  const value = latestValue(client, d);
  const trend = client.trends[d];
  return (
    <td>
      {value === undefined ? "–" : w.number(value)} {trend?.arrow ?? ""}
    </td>
  );
}

export interface CaseloadPageInput {
  text: WebText;
  words: SummaryWords;
  signedIn: SignedIn;
  summary: WeeklySummary;
  blocks: ClientBlock[];
  headline: string[];
  sort: CaseloadSort;
  isDemo: boolean;
}

export function caseloadPage(input: CaseloadPageInput): string {
  const { text, words: w, summary, sort } = input;
  const rows = sortRows(input.blocks, sort);
  return renderPage({
    text,
    title: text.t("web.caseload_title"),
    signedIn: input.signedIn,
    current: "/",
    children: (
      <>
        {input.isDemo ? <p class="demo">{text.t("web.demo_label")}</p> : null}
        {input.headline.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {rows.length === 0 ? (
          <p>{w.t("summary.no_clients")}</p>
        ) : (
          <table>
            <caption>{text.t("web.caseload_caption", { week: summary.week.id })}</caption>
            <thead>
              <tr>
                <SortHeader sort="alias" current={sort} label={text.t("web.col_client")} text={text} />
                <th scope="col">{text.t("web.col_status")}</th>
                <SortHeader sort="answered" current={sort} label={text.t("web.col_answered")} text={text} />
                {dimensions.map((d) => (
                  <SortHeader key={d} sort={d} current={sort} label={w.dimension(d)} text={text} />
                ))}
                <SortHeader sort="attention" current={sort} label={text.t("web.col_flags")} text={text} />
              </tr>
            </thead>
            <tbody>
              {rows.map(({ client, flags }) => (
                <tr key={client.clientId} class={flags.some((f) => f.kind === "risk") ? "risk" : undefined}>
                  <th scope="row">
                    <a href={`/clients/${client.clientId}`}>{client.alias}</a>
                  </th>
                  <td>{text.t(clientStatusKeys[client.status])}</td>
                  <td>{text.t("web.answered_cell", { answered: client.answered, sent: client.sent })}</td>
                  {dimensions.map((d) => (
                    <DimensionCell key={d} client={client} d={d} w={w} />
                  ))}
                  <td>
                    {flags.length === 0 ? (
                      <span class="muted">{needsAttention(client) ? "" : text.t("web.no_flags")}</span>
                    ) : (
                      <ul class="flags">
                        {flags.map((f) => (
                          <li key={f.text} class={f.kind === "risk" ? "flag-risk" : undefined}>
                            {f.text}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="muted">{text.t("web.arrows_hint")}</p>
        {w.t("summary.caveat_instrument") ? <p class="muted">{w.t("summary.caveat_instrument")}</p> : null}
      </>
    ),
  });
}
