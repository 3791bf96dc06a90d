/**
 * Headless Chromium for the web view's end-to-end tests, driven by playwright-core (no bundled
 * browser: Debian's `chromium` package, or whatever INTERLUDE_CHROMIUM names). Without a browser the
 * tests skip and say why in their name; CI sets INTERLUDE_REQUIRE_BROWSER=1 so that a missing browser
 * fails them instead of passing silently (the same gate as INTERLUDE_REQUIRE_CJK_FONT for charts).
 */
import { accessSync, constants, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { describe } from "vitest";

const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to drive: INTERLUDE_CHROMIUM when set (even if wrong, so a typo fails loudly), else Debian's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env.INTERLUDE_CHROMIUM;
  if (named) return named;
  return candidates.find(executable);
}

const browserRequired = process.env.INTERLUDE_REQUIRE_BROWSER === "1";
const foundChromium = chromiumPath();

/** Skip only when no browser is found and CI has not demanded one. */
export const skipWithoutBrowser = foundChromium === undefined && !browserRequired;
export const browserSkipReason = skipWithoutBrowser
  ? "(skipped: no Chromium; set INTERLUDE_REQUIRE_BROWSER=1 to fail instead)"
  : "";

/** `describe`, or `describe.skip` with the reason appended to the name when there is no browser. */
export function describeWithBrowser(name: string, body: () => void): void {
  const named = browserSkipReason ? `${name} ${browserSkipReason}` : name;
  describe.skipIf(skipWithoutBrowser)(named, body);
}

/** Starts headless Chromium; fails with what to install when there is none (INTERLUDE_REQUIRE_BROWSER=1). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error("no Chromium found: apt-get install chromium, or set INTERLUDE_CHROMIUM to a Chromium executable");
  }
  // Chromium's sandbox refuses to start as root (CI containers): only then is it turned off.
  const asRoot = process.getuid?.() === 0;
  return chromium.launch({
    executablePath,
    headless: true,
    args: asRoot ? ["--no-sandbox"] : [],
  });
}

/** Where each visited page's screenshot goes; CI keeps the folder as an artefact. */
export const screenshotDir = resolve(import.meta.dirname, "../../.ci/screenshots");

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
