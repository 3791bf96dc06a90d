/**
 * Splitting long text for platforms with a message length limit (Telegram 4096, Discord 2000):
 * prefer line breaks, then spaces, and never cut a character in half.
 */

/** Splits text into parts of at most `limit` characters, preferring line breaks, then spaces. */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf("\n", limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(" ", limit);
    if (cut < limit / 2) cut = limit;
    // Never cut a surrogate pair in half.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  parts.push(rest);
  return parts.filter((p) => p.length > 0);
}
