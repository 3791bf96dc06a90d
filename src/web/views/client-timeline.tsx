/**
 * The client page's check-in timeline, newest first: when each check-in was due and sent, how it ended, when
 * the client first answered, what it scored (overall only, for a client who shares only that) and the
 * flags it raised, with their reasons as the summary words them.
 */
import type { OccurrenceStatus } from "../../db/schema.js";
import { dimensions } from "../../insights/chart/chart-input.js";
import type { TimelineCheckin } from "../../insights/client-record.js";
import { flagReason, type SummaryWords } from "../../insights/render/summary-text.js";
import type { MessageKey } from "../../prompts/message-keys.js";
import { shortTime } from "./short-time.js";

const statusKeys: Record<OccurrenceStatus, MessageKey> = {
  open: "web_client.checkin_open",
  completed: "web_client.checkin_completed",
  expired: "web_client.checkin_expired",
  missed: "web_client.checkin_missed",
  superseded: "web_client.checkin_superseded",
  cancelled: "web_client.checkin_cancelled",
};

function scoresText(score: NonNullable<TimelineCheckin["score"]>, w: SummaryWords): string {
  const parts = [`${w.dimension("overall")} ${w.number(score.overall)}`];
  for (const d of dimensions) {
    const value = score.dimensions[d];
    if (value !== undefined) parts.push(`${w.dimension(d)} ${w.number(value)}`);
  }
  return parts.join(" · ");
}

export function CheckinTimeline(props: { timeline: TimelineCheckin[]; zone: string; w: SummaryWords }) {
  const { w, zone } = props;
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{w.t("web_client.timeline_heading")}</h2>
      {props.timeline.length === 0 ? (
        <p>{w.t("web_client.timeline_none")}</p>
      ) : (
        <table>
          <caption>{w.t("web_client.timeline_caption", { count: props.timeline.length, zone })}</caption>
          <thead>
            <tr>
              <th scope="col">{w.t("web_client.col_due")}</th>
              <th scope="col">{w.t("web_client.col_sent")}</th>
              <th scope="col">{w.t("web.col_status")}</th>
              <th scope="col">{w.t("web_client.col_first_answer")}</th>
              <th scope="col">{w.t("web_client.col_scores")}</th>
              <th scope="col">{w.t("web.col_flags")}</th>
            </tr>
          </thead>
          <tbody>
            {props.timeline.map(({ entry, score, flags }) => (
              <tr key={entry.occurrenceId}>
                <th scope="row">{shortTime(entry.intendedFor, zone)}</th>
                <td>{entry.sentAt ? shortTime(entry.sentAt, zone) : w.t("web_client.not_sent")}</td>
                <td>{w.t(statusKeys[entry.status as OccurrenceStatus] ?? "web_client.checkin_open")}</td>
                <td>{entry.firstAnswerAt ? shortTime(entry.firstAnswerAt, zone) : "–"}</td>
                <td>{score ? scoresText(score, w) : "–"}</td>
                <td>
                  {flags.length === 0 ? (
                    "–"
                  ) : (
                    <ul class="flags">
                      {flags.map((f) => (
                        <li key={f.kind}>{flagReason(f, w)}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
