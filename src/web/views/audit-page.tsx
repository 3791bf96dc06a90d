/**
 * The audit log for administrators: who did what to whom and when, newest first, a page at a time
 * (the link to older entries carries only the last entry's number and the action filter). Entries
 * hold ids and kinds only, so nothing here is a client's words.
 */
import type { WebText } from "../web-text.js";
import { renderPage, type SignedIn } from "./page.js";

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}

export interface AuditPageInput {
  text: WebText;
  signedIn: SignedIn;
  rows: AuditRow[];
  actionPrefix?: string | undefined;
  /** The link to the next (older) page, when there is one. */
  older?: string | undefined;
  filterError?: boolean | undefined;
}

export function auditPage(input: AuditPageInput): string {
  const { text } = input;
  return renderPage({
    text,
    title: text.t("web_admin.audit_title"),
    signedIn: input.signedIn,
    current: "/audit",
    children: (
      <>
        <p>{text.t("web_admin.audit_intro")}</p>
        <form method="get" action="/audit">
          <label for="action">{text.t("web_admin.audit_filter_label")}</label>
          <input
            id="action"
            name="action"
            type="text"
            value={input.actionPrefix ?? ""}
            maxLength={40}
            autocomplete="off"
            aria-describedby={input.filterError ? "action-hint action-error" : "action-hint"}
            aria-invalid={input.filterError ? "true" : undefined}
          />
          <p id="action-hint" class="muted">
            {text.t("web_admin.audit_filter_hint")}
          </p>
          {input.filterError ? (
            <p id="action-error" class="error" role="alert">
              {text.t("web_admin.audit_filter_invalid")}
            </p>
          ) : null}
          <p>
            <button type="submit">{text.t("web_admin.audit_filter_submit")}</button>
          </p>
        </form>
        {input.rows.length === 0 ? (
          <p>{text.t("web_admin.audit_none")}</p>
        ) : (
          <table>
            <caption>{text.t("web_admin.audit_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{text.t("web_admin.col_time")}</th>
                <th scope="col">{text.t("web_admin.col_actor")}</th>
                <th scope="col">{text.t("web_admin.col_audit_action")}</th>
                <th scope="col">{text.t("web_admin.col_subject")}</th>
                <th scope="col">{text.t("web_admin.col_detail")}</th>
              </tr>
            </thead>
            <tbody>
              {input.rows.map((row) => (
                <tr key={row.id}>
                  <td>{row.at}</td>
                  <td>{row.actor}</td>
                  <th scope="row">{row.action}</th>
                  <td>{row.subject}</td>
                  <td>
                    <code>{row.detail}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {input.older ? (
          <p>
            <a href={input.older}>{text.t("web_admin.audit_older")}</a>
          </p>
        ) : null}
      </>
    ),
  });
}
