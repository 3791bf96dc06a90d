/**
 * The frame of every page: language, title, a skip link, the navigation for who is signed in, and
 * the log-out form. No script anywhere (the Content-Security-Policy allows none), one stylesheet from
 * this server. preact escapes every text and attribute it renders.
 */
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import type { WebText } from "../web-text.js";

export interface SignedIn {
  alias: string;
  admin: boolean;
  /** The CSRF token every form on the page carries. */
  csrf: string;
}

export interface PageProps {
  text: WebText;
  title: string;
  signedIn?: SignedIn | undefined;
  /** Which navigation entry is this page's. */
  current?: NavEntry["href"];
  children?: ComponentChildren;
}

interface NavEntry {
  href: "/" | "/alerts" | "/invites" | "/schedules" | "/settings" | "/audit";
  key: Parameters<WebText["t"]>[0];
  adminOnly?: boolean;
}

const navigation: NavEntry[] = [
  { href: "/", key: "web.nav_caseload" },
  { href: "/alerts", key: "web.nav_alerts" },
  { href: "/invites", key: "web.nav_invites" },
  { href: "/schedules", key: "web.nav_schedules" },
  { href: "/settings", key: "web.nav_settings", adminOnly: true },
  { href: "/audit", key: "web.nav_audit", adminOnly: true },
];

/** A hidden CSRF field: every form that changes something carries one. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

function Navigation({ text, signedIn, current }: Pick<PageProps, "text" | "current"> & { signedIn: SignedIn }) {
  const entries = navigation.filter((entry) => !entry.adminOnly || signedIn.admin);
  return (
    <nav aria-label={text.t("web.nav_label")}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.href}>
            <a href={entry.href} aria-current={entry.href === current ? "page" : undefined}>
              {text.t(entry.key)}
            </a>
          </li>
        ))}
      </ul>
      <form method="post" action="/logout" class="logout">
        <CsrfField token={signedIn.csrf} />
        <span>{text.t("web.signed_in_as", { alias: signedIn.alias })}</span>{" "}
        <button type="submit">{text.t("web.logout")}</button>
      </form>
    </nav>
  );
}

export function Page({ text, title, signedIn, current, children }: PageProps) {
  return (
    <html lang={text.locale === "zh" ? "zh-Hans" : text.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Interlude`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {text.t("web.skip")}
        </a>
        <header>
          <p class="brand">Interlude</p>
          {signedIn ? <Navigation text={text} signedIn={signedIn} current={current} /> : null}
        </header>
        <main id="main" tabIndex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** A whole page as the HTML string a route sends. */
export function renderPage(props: PageProps): string {
  return `<!doctype html>${renderToString(<Page {...props} />)}`;
}
