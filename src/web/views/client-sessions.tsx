/**
 * The client page's sessions: from the chart's first week to everything planned ahead, in the client's
 * local time (as /sessions lists them), each held one rated by the therapist with their rating beside
 * the client's answers about that session, as the weekly summary pairs them.
 */
import type { SessionRow } from "../../db/repos/sessions.js";
import { ratingDimensions, type SessionStatus } from "../../db/schema.js";
import { sessionTimeText } from "../../i18n/session-day.js";
import type { SummaryWords } from "../../insights/render/summary-text.js";
import type { SessionSides } from "../../insights/side-by-side.js";
import type { MessageKey } from "../../prompts/message-keys.js";

const statusKeys: Record<SessionStatus, MessageKey> = {
  planned: "clinician.session_status_planned",
  held: "clinician.session_status_held",
  cancelled: "clinician.session_status_cancelled",
  no_show: "clinician.session_status_no_show",
};

/** "Safety 4.5 / 3 · Bond 4 / – · The work 3 / 4", or the overall pair for an overall-only client. */
function sidesText(sides: SessionSides, overallOnly: boolean, w: SummaryWords): string {
  const shown = (value: number | undefined) => (value === undefined ? "–" : w.number(value));
  const pair = (dimension: string, client: number | undefined, therapist: number | undefined) =>
    w.t("summary.sides_pair", { dimension, client: shown(client), therapist: shown(therapist) });
  if (overallOnly) return pair(w.dimension("overall"), sides.overall?.client, sides.overall?.therapist);
  return ratingDimensions.map((d) => pair(w.dimension(d), sides.client[d], sides.therapist[d])).join(" · ");
}

export function SessionsTable(props: {
  sessions: SessionRow[];
  sides: SessionSides[];
  overallOnly: boolean;
  from: string;
  w: SummaryWords;
}) {
  const { w } = props;
  const sidesOf = (session: SessionRow) =>
    props.sides.find((s) => s.sessionAt.getTime() === session.startsAt.getTime());
  return (
    <section aria-labelledby="sessions">
      <h2 id="sessions">{w.t("web_client.sessions_heading")}</h2>
      {props.sessions.length === 0 ? (
        <p>{w.t("web_client.sessions_none")}</p>
      ) : (
        <table>
          <caption>{w.t("web_client.sessions_caption", { date: props.from })}</caption>
          <thead>
            <tr>
              <th scope="col">{w.t("web_client.col_when")}</th>
              <th scope="col">{w.t("web_client.col_length")}</th>
              <th scope="col">{w.t("web.col_status")}</th>
              <th scope="col">{w.t("web_client.col_sides")}</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((session) => {
              const sides = session.status === "held" ? sidesOf(session) : undefined;
              return (
                <tr key={session.id}>
                  <th scope="row">{sessionTimeText(session, w.locale)}</th>
                  <td>{w.t("web_client.session_minutes", { minutes: session.durationMinutes })}</td>
                  <td>{w.t(statusKeys[session.status])}</td>
                  <td>{sides ? sidesText(sides, props.overallOnly, w) : <span class="muted">–</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
