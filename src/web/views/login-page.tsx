/** The login page (ask for a link by alias) and the page a login link opens (one button to log in). */
import type { WebText } from "../web-text.js";
import { CsrfField, renderPage } from "./page.js";

export type LoginNotice = "sent" | "missing_alias" | "refused" | "ended" | "logged_out" | undefined;

const noticeKeys = {
  sent: "web.login_sent",
  missing_alias: "web.login_alias_missing",
  refused: "web.link_refused",
  ended: "web.session_ended",
  logged_out: "web.logged_out",
} as const;

export function loginPage(text: WebText, csrf: string, notice: LoginNotice, minutes: number): string {
  const isError = notice === "missing_alias" || notice === "refused";
  return renderPage({
    text,
    title: text.t("web.login_title"),
    children: (
      <>
        {notice ? (
          <p class={isError ? "error" : "notice"} role={isError ? "alert" : "status"}>
            {text.t(noticeKeys[notice], { minutes })}
          </p>
        ) : null}
        <p>{text.t("web.login_intro")}</p>
        <form method="post" action="/login">
          <CsrfField token={csrf} />
          <label for="alias">{text.t("web.login_alias")}</label>
          <input id="alias" name="alias" type="text" autocomplete="username" required maxLength={64} />
          <p>
            <button type="submit">{text.t("web.login_submit")}</button>
          </p>
        </form>
      </>
    ),
  });
}

/**
 * Opening a link shows this and spends nothing: chat apps fetch links to draw previews, and such a
 * fetch must not use up the clinician's one login. Pressing the button does.
 */
export function linkPage(text: WebText, csrf: string, token: string): string {
  return renderPage({
    text,
    title: text.t("web.link_title"),
    children: (
      <form method="post" action={`/login/${token}`}>
        <CsrfField token={csrf} />
        <p>{text.t("web.link_intro")}</p>
        <button type="submit">{text.t("web.link_submit")}</button>
      </form>
    ),
  });
}
