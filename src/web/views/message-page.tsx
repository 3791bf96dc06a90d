/** A page with one message: not found, refused, too many requests, or an error that changed nothing. */
import type { WebText } from "../web-text.js";
import { renderPage } from "./page.js";

export function messagePage(text: WebText, title: string, message: string): string {
  return renderPage({
    text,
    title,
    children: (
      <>
        <p role="alert">{message}</p>
        <p>
          <a href="/">{text.t("web.back_home")}</a>
        </p>
      </>
    ),
  });
}
