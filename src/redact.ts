/**
 * The one place that removes secrets from text Interlude prints: log lines, error messages and stack
 * traces. It replaces the exact secrets the process was given (bot tokens, the webhook secret) and
 * anything shaped like a bot token, so that a token the process was not given, or one quoted inside a
 * library's error (a request URL, say), is still caught.
 */

/** Turns text that may hold a secret into text that does not. */
export type Redactor = (text: string) => string;

export const redactedMarker = "<redacted>";

/** The environment variables that hold secrets; their values never appear in anything printed. */
export const secretVariables = ["TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"] as const;

/**
 * Shorter configured values are not treated as secrets: replacing a two-letter "token" everywhere
 * would garble every message, and no real token or webhook secret is that short.
 */
const minimumSecretLength = 8;

const tokenCharacter = "[A-Za-z0-9_-]";
/** `bot<id>:<secret>`, as it appears in every Bot API request URL; "bot" is kept so the line still reads. */
const telegramInUrl = new RegExp(`bot\\d+:${tokenCharacter}+`, "g");
/** A bare Telegram token: the bot's numeric id, a colon and a 35-character secret. */
const telegramBare = new RegExp(`(?<!${tokenCharacter})\\d{5,}:${tokenCharacter}{35,}(?!${tokenCharacter})`, "g");
/** A Discord bot token: the base64 user id, a timestamp and an HMAC, in base64url, separated by dots. */
const discordToken = new RegExp(
  `(?<!${tokenCharacter})${tokenCharacter}{20,}\\.${tokenCharacter}{6,}\\.${tokenCharacter}{27,}(?!${tokenCharacter})`,
  "g",
);

/** The configured secrets in every form they could be printed in: whole, URL-encoded and JSON-escaped. */
function spellings(secrets: readonly (string | undefined)[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    const value = secret?.trim();
    if (!value || value.length < minimumSecretLength) continue;
    const parts = [value];
    // A Telegram token's secret part on its own is as good as the whole token.
    const afterColon = value.slice(value.indexOf(":") + 1);
    if (value.includes(":") && afterColon.length >= minimumSecretLength) parts.push(afterColon);
    for (const part of parts) {
      forms.add(part);
      forms.add(encodeURIComponent(part));
      forms.add(JSON.stringify(part).slice(1, -1));
    }
  }
  // Longest first, so a whole token is replaced before its secret part could leave the id behind.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** A redactor for these configured secrets (unset ones are skipped) and for every token shape. */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const exact = spellings(secrets);
  return (text) => {
    let clean = text;
    for (const secret of exact) clean = clean.replaceAll(secret, redactedMarker);
    return clean
      .replace(telegramInUrl, `bot${redactedMarker}`)
      .replace(telegramBare, redactedMarker)
      .replace(discordToken, redactedMarker);
  };
}

/** The secrets the process was given; they come from the environment only. */
export function secretsIn(env: NodeJS.ProcessEnv): string[] {
  return secretVariables.flatMap((name) => env[name] ?? []);
}

/**
 * An error as printed to a terminal, cleaned: its stack (which starts with the message), or its
 * message if the stack does not carry it, and its cause the same way.
 */
export function describeError(error: unknown, redact: Redactor): string {
  return redact(describeUnredacted(error, 0));
}

function describeUnredacted(error: unknown, depth: number): string {
  if (!(error instanceof Error)) return String(error);
  const heading = `${error.name}: ${error.message}`;
  const stack = error.stack ?? heading;
  const text = stack.includes(error.message) ? stack : `${heading}\n${stack}`;
  // grammY's HttpError keeps the network error it wraps in `error` rather than `cause`.
  const cause = error.cause ?? (error as { error?: unknown }).error;
  // Causes can nest (and even loop); a few levels say enough.
  if (cause === undefined || depth >= 3) return text;
  return `${text}\ncaused by: ${describeUnredacted(cause, depth + 1)}`;
}
