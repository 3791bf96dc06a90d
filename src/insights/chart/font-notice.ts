/**
 * The CLI's notice after it draws charts: if their text has Chinese (or other CJK) characters and no
 * installed font can draw them, the person who just made the file is told, with the package to
 * install, instead of finding boxes in it later. Charts without CJK text never load resvg for this.
 */

/** Han, kana and Hangul: scripts the Latin chart fonts cannot draw. */
const cjkScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function needsCjkFont(texts: readonly string[]): boolean {
  return texts.some((text) => cjkScript.test(text));
}

/** The real check: loads resvg and the system fonts (cached after the first call). */
async function installedFontsWarning(): Promise<string | undefined> {
  const { cjkFontWarning } = await import("./fonts.js");
  return cjkFontWarning();
}

/**
 * The message to print for charts holding `texts`, or undefined when they will render. `check` is the
 * font check, injectable so tests can stand in for a host with or without a CJK font.
 */
export async function chartFontNotice(
  texts: readonly string[],
  check: () => Promise<string | undefined> = installedFontsWarning,
): Promise<string | undefined> {
  return needsCjkFont(texts) ? check() : undefined;
}
