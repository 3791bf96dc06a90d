/**
 * Schedules and sessions: every client one manages with the schedule that applies to them, and for
 * one client (chosen by numeric id) the form to set their own check-in schedule, the preview of the
 * next sends, their sessions with a cancel button each, and the box for session words. Problems are
 * the CLI's own words (src/schedule/schedule-fields.ts, src/sessions/session-words.ts), shown beside
 * the field they are about.
 */
import type { ClientRow } from "../../db/repos/people.js";
import type { ScheduleRow } from "../../db/repos/schedules.js";
import type { SessionRow } from "../../db/repos/sessions.js";
import type { ScheduleField, ScheduleFields } from "../../schedule/schedule-fields.js";
import type { WebText } from "../web-text.js";
import { CsrfField, renderPage, type SignedIn } from "./page.js";

export interface ScheduleListRow {
  client: ClientRow;
  schedule: ScheduleRow | undefined;
}

export interface SelectedClient {
  client: ClientRow;
  zone: string;
  schedule: ScheduleRow | undefined;
  /** The form's values: what was typed (after a refusal), else the schedule that applies. */
  values: ScheduleFields;
  upcoming: { at: string; reasons: string[] }[];
  sessions: { row: SessionRow; at: string; localDate: string; cancellable: boolean }[];
}

export interface SchedulesPageInput {
  text: WebText;
  signedIn: SignedIn;
  rows: ScheduleListRow[];
  selected?: SelectedClient | undefined;
  notice?: string | undefined;
  scheduleErrors?: Partial<Record<ScheduleField, string>> | undefined;
  sessionError?: string | undefined;
  sessionWords?: string | undefined;
  /** The forms session words take, as the CLI lists them. */
  sessionForms: string;
}

const sourceKeys = {
  client: "web_admin.schedule_source_client",
  therapist: "web_admin.schedule_source_therapist",
  practice: "web_admin.schedule_source_practice",
} as const;

const sessionStatusKeys = {
  planned: "web_admin.session_planned",
  held: "web_admin.session_held",
  cancelled: "web_admin.session_cancelled",
  no_show: "web_admin.session_no_show",
} as const satisfies Record<SessionRow["status"], string>;

function sourceOf(row: ScheduleRow): keyof typeof sourceKeys {
  return row.clientId !== null ? "client" : row.therapistId !== null ? "therapist" : "practice";
}

function ErrorText({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} class="error" role="alert">
      {message}
    </p>
  ) : null;
}

const fieldKeys = {
  spec: ["web_admin.schedule_spec_label", "web_admin.schedule_spec_hint"],
  quiet: ["web_admin.schedule_quiet_label", "web_admin.schedule_quiet_hint"],
  jitter: ["web_admin.schedule_jitter_label", "web_admin.schedule_jitter_hint"],
  from: ["web_admin.schedule_from_label", "web_admin.schedule_date_hint"],
  until: ["web_admin.schedule_until_label", "web_admin.schedule_date_hint"],
} as const satisfies Record<ScheduleField, readonly [string, string]>;

function Field(props: { name: ScheduleField; text: WebText; value: string | undefined; error: string | undefined }) {
  const { name, text, error } = props;
  const [label, hint] = fieldKeys[name];
  const id = `schedule-${name}`;
  return (
    <>
      <label for={id}>{text.t(label)}</label>
      <input
        id={id}
        name={name}
        type="text"
        value={props.value ?? ""}
        maxLength={120}
        autocomplete="off"
        required={name === "spec"}
        aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
        aria-invalid={error ? "true" : undefined}
      />
      <p id={`${id}-hint`} class="muted">
        {text.t(hint)}
      </p>
      <ErrorText id={`${id}-error`} message={error} />
    </>
  );
}

function ClientSection(props: SchedulesPageInput & { selected: SelectedClient }) {
  const { text, signedIn, selected } = props;
  const { client, schedule } = selected;
  const id = String(client.id);
  return (
    <>
      <h2>{text.t("web_admin.schedule_for", { alias: client.alias })}</h2>
      <p>
        {schedule
          ? text.t("web_admin.schedule_current", {
              spec: schedule.spec,
              source: text.t(sourceKeys[sourceOf(schedule)]),
              zone: selected.zone,
            })
          : text.t("web_admin.schedule_none")}
      </p>
      <form method="post" action="/schedules">
        <CsrfField token={signedIn.csrf} />
        <input type="hidden" name="clientId" value={id} />
        {(["spec", "quiet", "jitter", "from", "until"] as const).map((name) => (
          <Field
            key={name}
            name={name}
            text={text}
            value={selected.values[name]}
            error={props.scheduleErrors?.[name]}
          />
        ))}
        <p>
          <button type="submit">{text.t("web_admin.schedule_save")}</button>
        </p>
      </form>
      {schedule && sourceOf(schedule) === "client" ? (
        <form method="post" action="/schedules/clear">
          <CsrfField token={signedIn.csrf} />
          <input type="hidden" name="clientId" value={id} />
          <button type="submit" class="secondary">
            {text.t("web_admin.schedule_clear")}
          </button>
        </form>
      ) : null}
      <h3>{text.t("web_admin.upcoming_heading")}</h3>
      {selected.upcoming.length === 0 ? (
        <p class="muted">{text.t("web_admin.upcoming_none")}</p>
      ) : (
        <ul>
          {selected.upcoming.map((u) => (
            <li key={u.at}>
              {u.at}
              {u.reasons.length > 0 ? ` (${u.reasons.join("; ")})` : ""}
            </li>
          ))}
        </ul>
      )}
      <h2>{text.t("web_admin.sessions_heading", { alias: client.alias })}</h2>
      {selected.sessions.length === 0 ? (
        <p class="muted">{text.t("web_admin.sessions_none")}</p>
      ) : (
        <table>
          <caption>{text.t("web_admin.sessions_caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{text.t("web_admin.col_when")}</th>
              <th scope="col">{text.t("web_admin.col_minutes")}</th>
              <th scope="col">{text.t("web.col_status")}</th>
              <th scope="col">{text.t("web_admin.col_action")}</th>
            </tr>
          </thead>
          <tbody>
            {selected.sessions.map((s) => (
              <tr key={s.row.id}>
                <th scope="row">{s.at}</th>
                <td>{s.row.durationMinutes}</td>
                <td>{text.t(sessionStatusKeys[s.row.status])}</td>
                <td>
                  {s.cancellable ? (
                    <form method="post" action="/schedules/sessions">
                      <CsrfField token={signedIn.csrf} />
                      <input type="hidden" name="clientId" value={id} />
                      <input type="hidden" name="words" value={`cancel ${s.localDate}`} />
                      <button
                        type="submit"
                        class="secondary"
                        aria-label={text.t("web_admin.session_cancel_on", { date: s.localDate })}
                      >
                        {text.t("web_admin.session_cancel")}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/schedules/sessions">
        <CsrfField token={signedIn.csrf} />
        <input type="hidden" name="clientId" value={id} />
        <label for="session-words">{text.t("web_admin.session_words_label")}</label>
        <input
          id="session-words"
          name="words"
          type="text"
          maxLength={120}
          autocomplete="off"
          required
          value={props.sessionWords ?? ""}
          aria-describedby={props.sessionError ? "session-words-error session-words-hint" : "session-words-hint"}
          aria-invalid={props.sessionError ? "true" : undefined}
        />
        <p id="session-words-hint" class="muted">
          {text.t("web_admin.session_words_hint", { forms: props.sessionForms, zone: selected.zone })}
        </p>
        <ErrorText id="session-words-error" message={props.sessionError} />
        <p>
          <button type="submit">{text.t("web_admin.session_submit")}</button>
        </p>
      </form>
    </>
  );
}

export function schedulesPage(input: SchedulesPageInput): string {
  const { text } = input;
  return renderPage({
    text,
    title: text.t("web_admin.schedules_title"),
    signedIn: input.signedIn,
    current: "/schedules",
    children: (
      <>
        {input.notice ? (
          <p class="notice" role="status">
            {input.notice}
          </p>
        ) : null}
        {input.selected ? <ClientSection {...input} selected={input.selected} /> : null}
        <h2>{text.t("web_admin.schedules_clients_heading")}</h2>
        {input.rows.length === 0 ? (
          <p>{text.t("web_admin.schedules_no_clients")}</p>
        ) : (
          <table>
            <caption>{text.t("web_admin.schedules_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{text.t("web.col_client")}</th>
                <th scope="col">{text.t("web_admin.col_schedule")}</th>
              </tr>
            </thead>
            <tbody>
              {input.rows.map(({ client, schedule }) => (
                <tr key={client.id}>
                  <th scope="row">
                    <a
                      href={`/schedules?client=${client.id}`}
                      aria-current={input.selected?.client.id === client.id ? "true" : undefined}
                    >
                      {client.alias}
                    </a>
                  </th>
                  <td>
                    {schedule
                      ? `${schedule.spec} (${text.t(sourceKeys[sourceOf(schedule)])})`
                      : text.t("web_admin.schedule_none_short")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ),
  });
}
