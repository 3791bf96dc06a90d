/**
 * A PostgreSQL URL carries its password; nothing Interlude prints may. Every message that names a
 * database goes through `redactDatabaseUrl`, and every library error that could quote one through
 * `redactUrlsIn`.
 */
import { redactedMarker } from "../../redact.js";

/** `postgres://` or `postgresql://`, the only schemes node-postgres accepts. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** The URL as it may be shown: the password replaced, everything else (host, port, database) kept. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return parsed.toString();
    // A placeholder the URL class would not percent-encode, swapped for the marker as people read it.
    parsed.password = "REDACTED";
    return parsed.toString().replace(":REDACTED@", `:${redactedMarker}@`);
  } catch {
    // Not even a URL: show only its scheme, since a malformed one may still hold a password.
    return isPostgresUrl(url) ? `${url.slice(0, url.indexOf("://") + 3)}${redactedMarker}` : url;
  }
}

// user:password@ after a scheme, however the password is spelled (it may itself hold ':' or '@').
const credentialsInUrl = /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*):[^\s/?#]*@/gi;

/** Text (an error message, a stack) with the password of any URL in it replaced. */
export function redactUrlsIn(text: string, url?: string): string {
  let clean = text.replace(credentialsInUrl, `$1:${redactedMarker}@`);
  const password = passwordOf(url);
  if (password) {
    for (const spelling of new Set([password, decodedOrSame(password)])) {
      clean = clean.replaceAll(spelling, redactedMarker);
    }
  }
  return clean;
}

/** A malformed percent-escape must not make the redaction itself throw inside an error path. */
function decodedOrSame(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).password || undefined;
  } catch {
    return undefined;
  }
}
