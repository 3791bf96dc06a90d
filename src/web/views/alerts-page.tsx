/**
 * The alerts inbox: the open alerts first (risk before the rest, then the oldest), each with what
 * raised it, every signal and the client's words, how far it has escalated, the follow-up, and a form
 * to acknowledge it with a reason; then the history of acknowledged ones, who took each on and why.
 * A risk alert stands out by ⚠ and words as well as colour. The client's alias links to their page
 * only for their therapist: a backup clinician sees the alert, not the client's records.
 */
import { type AlertAckReason, alertAckReasons } from "../../db/schema.js";
import type { MessageKey } from "../../prompts/message-keys.js";
import type { InboxAlert } from "../../safety/alert-inbox.js";
import type { ClinicianText } from "../../safety/clinician-text.js";
import { CsrfField, renderPage, type SignedIn } from "./page.js";

export const ackReasonKeys: Record<AlertAckReason, MessageKey> = {
  contacted: "web_client.ack_reason_contacted",
  will_contact: "web_client.ack_reason_will_contact",
  emergency: "web_client.ack_reason_emergency",
  known: "web_client.ack_reason_known",
  no_action: "web_client.ack_reason_no_action",
};

/** What the page says above the inbox after a press; the alert is one the clinician may see. */
export type AlertsNotice =
  | { kind: "acknowledged"; alert: InboxAlert }
  | { kind: "already"; alert: InboxAlert }
  | { kind: "missing_reason"; alertId: number };

export interface AlertsPageInput {
  text: ClinicianText;
  signedIn: SignedIn;
  open: InboxAlert[];
  history: InboxAlert[];
  notice?: AlertsNotice | undefined;
  isDemo: boolean;
}

function ClientName({ item }: { item: InboxAlert }) {
  return item.clientPage ? <a href={`/clients/${item.alert.clientId}`}>{item.alias}</a> : item.alias;
}

function Notice({ notice, text }: { notice: AlertsNotice; text: ClinicianText }) {
  if (notice.kind === "missing_reason") {
    return (
      <p class="error" role="alert">
        {text.t("web_client.ack_missing_reason", { alert: notice.alertId })}
      </p>
    );
  }
  const { alert } = notice.alert;
  return (
    <p class="notice" role="status">
      {notice.kind === "acknowledged"
        ? text.t("web_client.ack_done", { alert: alert.id, alias: notice.alert.alias })
        : text.t("web_client.ack_already", {
            alert: alert.id,
            clinician: notice.alert.acknowledgedBy ?? "?",
            time: text.time(alert.acknowledgedAt as Date),
          })}
    </p>
  );
}

function Signals({ item, text }: { item: InboxAlert; text: ClinicianText }) {
  return (
    <ol class="signals">
      {item.triggers.map((trigger) => (
        <li key={trigger.id}>
          {text.time(trigger.at)}: {item.alias} {text.trigger(trigger.kind)}
          {trigger.text ? <blockquote>{trigger.text}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}

function escalationText(item: InboxAlert, text: ClinicianText): string {
  const { alert } = item;
  if (alert.escalationLevel === 0 || !alert.escalatedAt) return text.t("web_client.alert_not_escalated");
  return text.t("web_client.alert_escalated", { level: alert.escalationLevel, time: text.time(alert.escalatedAt) });
}

function followUpText(item: InboxAlert, text: ClinicianText): string | undefined {
  const { alert } = item;
  if (alert.followUpAnswer) return text.t(`follow_up.${alert.followUpAnswer}` as MessageKey);
  if (alert.followUpSentAt) return text.t("web_client.alert_follow_up_sent", { time: text.time(alert.followUpSentAt) });
  if (alert.followUpDueAt) return text.t("web_client.alert_follow_up_due", { time: text.time(alert.followUpDueAt) });
  return undefined;
}

function AckForm({ item, text, csrf }: { item: InboxAlert; text: ClinicianText; csrf: string }) {
  const id = item.alert.id;
  return (
    <form method="post" action={`/alerts/${id}/acknowledge`} class="ack">
      <CsrfField token={csrf} />
      <fieldset>
        <legend>{text.t("web_client.ack_legend", { alert: id })}</legend>
        {alertAckReasons.map((reason) => (
          <div key={reason} class="choice">
            <input type="radio" id={`reason-${id}-${reason}`} name="reason" value={reason} required />
            <label for={`reason-${id}-${reason}`}>{text.t(ackReasonKeys[reason])}</label>
          </div>
        ))}
      </fieldset>
      <p class="muted">{text.t("web_client.ack_hint")}</p>
      <button type="submit">{text.t("web_client.ack_submit", { alert: id })}</button>
    </form>
  );
}

function OpenAlert({ item, text, csrf }: { item: InboxAlert; text: ClinicianText; csrf: string }) {
  const { alert } = item;
  const risk = alert.kind === "risk";
  const followUp = risk ? followUpText(item, text) : undefined;
  return (
    <article class={risk ? "alert risk" : "alert"} aria-labelledby={`alert-${alert.id}`}>
      <h3 id={`alert-${alert.id}`}>
        {risk ? "⚠ " : ""}
        {text.t("web_client.alert_heading", { alert: alert.id, kind: text.kind(alert.kind) })}{" "}
        <ClientName item={item} />
      </h3>
      <dl>
        <dt>{text.t("web_client.alert_opened")}</dt>
        <dd>{text.time(alert.openedAt)}</dd>
        {risk ? (
          <>
            <dt>{text.t("web_client.alert_escalation")}</dt>
            <dd>{escalationText(item, text)}</dd>
          </>
        ) : null}
        {followUp ? (
          <>
            <dt>{text.t("web_client.alert_follow_up")}</dt>
            <dd>
              {followUp}
              {alert.followUpNote ? <blockquote>{alert.followUpNote}</blockquote> : null}
            </dd>
          </>
        ) : null}
      </dl>
      {item.triggers.length > 0 ? (
        <>
          <h4>{text.t("web_client.alert_signals", { count: item.triggers.length })}</h4>
          <Signals item={item} text={text} />
        </>
      ) : null}
      <AckForm item={item} text={text} csrf={csrf} />
    </article>
  );
}

function History({ history, text }: { history: InboxAlert[]; text: ClinicianText }) {
  if (history.length === 0) return <p>{text.t("web_client.history_none")}</p>;
  return (
    <table>
      <caption>{text.t("web_client.history_caption", { count: history.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{text.t("web_client.col_alert")}</th>
          <th scope="col">{text.t("web.col_client")}</th>
          <th scope="col">{text.t("web_client.alert_opened")}</th>
          <th scope="col">{text.t("web_client.col_acknowledged")}</th>
          <th scope="col">{text.t("web_client.col_reason")}</th>
        </tr>
      </thead>
      <tbody>
        {history.map((item) => (
          <tr key={item.alert.id} class={item.alert.kind === "risk" ? "risk" : undefined}>
            <th scope="row">
              {item.alert.kind === "risk" ? "⚠ " : ""}
              {text.t("web_client.alert_heading", { alert: item.alert.id, kind: text.kind(item.alert.kind) })}
            </th>
            <td>
              <ClientName item={item} />
            </td>
            <td>{text.time(item.alert.openedAt)}</td>
            <td>
              {text.t("web_client.acknowledged_by", {
                clinician: item.acknowledgedBy ?? "?",
                time: text.time(item.alert.acknowledgedAt as Date),
              })}
            </td>
            <td>
              {item.alert.acknowledgedReason
                ? text.t(ackReasonKeys[item.alert.acknowledgedReason])
                : text.t("web_client.ack_reason_none")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function alertsPage(input: AlertsPageInput): string {
  const { text } = input;
  return renderPage({
    text,
    title: text.t("web_client.alerts_title"),
    signedIn: input.signedIn,
    current: "/alerts",
    children: (
      <>
        {input.isDemo ? <p class="demo">{text.t("web.demo_label")}</p> : null}
        {input.notice ? <Notice notice={input.notice} text={text} /> : null}
        <section aria-labelledby="open">
          <h2 id="open">{text.t("web_client.open_heading", { count: input.open.length })}</h2>
          {input.open.length === 0 ? <p>{text.t("web_client.open_none")}</p> : null}
          {input.open.map((item) => (
            <OpenAlert key={item.alert.id} item={item} text={text} csrf={input.signedIn.csrf} />
          ))}
        </section>
        <section aria-labelledby="history">
          <h2 id="history">{text.t("web_client.history_heading")}</h2>
          <History history={input.history} text={text} />
        </section>
      </>
    ),
  });
}
