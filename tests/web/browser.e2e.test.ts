/**
 * The web view in a real headless Chromium, end to end: the server listens on 127.0.0.1, the real
 * grammY bot runs against the fake Telegram Bot API, and a therapist logs in with the link the bot
 * sent to their Telegram chat. Caseload, a client's page with its charts, acknowledging an alert with a
 * reason, keyboard navigation, logout, a replayed link, a form without
 * its CSRF token, and a second therapist opening the first one's client by URL; axe-core on every
 * page; a screenshot of each page under .ci/screenshots/. Every wait is on page state, never a sleep.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import { axeViolations, expectAccessible } from "../helpers/axe.js";
import { describeWithBrowser, launchChromium, screenshot } from "../helpers/browser.js";
import { signInInBrowser } from "../helpers/browser-login.js";
import { type ListeningWeb, listeningWeb } from "../helpers/web-listening.js";
import { type SeededCaseload, seedBrowserCaseload } from "../helpers/web-seed.js";

const timeout = 120_000;
// A Wednesday mid-morning in Stockholm: the running week has this week's answers and no boundary is near.
const start = new Date("2026-11-25T10:00:00Z");

let web: ListeningWeb;
let browser: Browser | undefined;
/** Why there is no browser, when CI demanded one: every test fails with it (not just the suite's setup). */
let launchError: unknown;
let seeded: SeededCaseload;
let first: { therapistId: number; code: string };
const contexts: BrowserContext[] = [];

const en = (key: MessageKey, values: Record<string, string | number> = {}) =>
  web.app.prompts.messages.t("en", key, values);

async function newPage(locale = "en-GB"): Promise<Page> {
  if (!browser) throw launchError;
  const context = await browser.newContext({ locale });
  contexts.push(context);
  return context.newPage();
}

describeWithBrowser("the web view in Chromium", () => {
  beforeAll(async () => {
    web = await listeningWeb(start);
    browser = await launchChromium().catch((error: unknown) => {
      launchError = error;
      return undefined;
    });
    first = web.addTherapist("T1");
    seeded = seedBrowserCaseload(
      web.app.database.db,
      { practiceId: web.practiceId, therapistId: first.therapistId },
      start,
    );
  }, timeout);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await web?.stop();
  }, timeout);

  it(
    "has an accessibility check that can fail: axe finds a missing label and low contrast",
    async () => {
      const page = await newPage();
      await page.setContent(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1><input type="text"><p style="color:#bbb">faint</p></main></body></html>',
      );
      const ids = (await axeViolations(page)).map((v) => v.id).sort();
      expect(ids).toEqual(["color-contrast", "label"]);
    },
    timeout,
  );

  it(
    "logs in by the link from the Telegram chat, shows the caseload, works by keyboard, and logs out",
    async () => {
      const chat = await web.linkTelegram(501, first.code);
      const page = await newPage();

      await page.goto(`${web.baseUrl}/login`);
      expect(await page.locator("h1").textContent()).toBe(en("web.login_title"));
      await screenshot(page, "login");
      await expectAccessible(page);

      await page.getByLabel(en("web.login_alias")).fill("T1");
      await page.getByRole("button", { name: en("web.login_submit") }).click();
      expect(await page.locator(".notice").textContent()).toBe(en("web.login_sent", { minutes: 10 }));
      await screenshot(page, "login-sent");
      const link = await web.nextLoginLink(chat);

      await page.goto(`${web.baseUrl}${link}`);
      await screenshot(page, "login-link");
      await expectAccessible(page);
      await page.getByRole("button", { name: en("web.link_submit") }).click();
      await page.waitForURL(`${web.baseUrl}/`);

      // The caseload: a row per seeded client, the risk flag on the client with the open alert.
      const rows = page.locator("tbody tr");
      expect(await rows.count()).toBe(3);
      const aliases = await page.locator("tbody th[scope=row]").allTextContents();
      expect(aliases.sort()).toEqual([seeded.atRisk.alias, seeded.falling.alias, seeded.steady.alias].sort());
      const riskRow = page.locator("tr.risk");
      expect(await riskRow.locator("th").textContent()).toBe(seeded.atRisk.alias);
      expect(await riskRow.locator(".flag-risk").count()).toBeGreaterThan(0);
      const fallingFlags = page
        .locator("tr", { has: page.getByRole("link", { name: seeded.falling.alias }) })
        .locator("ul.flags li");
      expect(await fallingFlags.count()).toBeGreaterThan(0);
      expect(await page.getByText(en("web.signed_in_as", { alias: "T1" })).count()).toBe(1);
      await screenshot(page, "caseload");
      await expectAccessible(page);

      // Keyboard alone: the first Tab reaches the skip link, which moves focus to the main content;
      // from a fresh load the second Tab reaches the navigation.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "main");
      await page.reload();
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.closest("nav") !== null)).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-current"))).toBe("page");

      // A sorted view is a link too (no script): sorting by alias puts the rows in alphabetical order.
      await page.getByRole("link", { name: en("web.sort_by", { column: en("web.col_client") }) }).click();
      await page.waitForURL(`${web.baseUrl}/?sort=alias`);
      const sorted = await page.locator("tbody th[scope=row]").allTextContents();
      expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b)));
      await screenshot(page, "caseload-sorted");

      // Log out: back to the login page, and the caseload then sends the browser to the login page.
      await page.getByRole("button", { name: en("web.logout") }).click();
      await page.waitForURL(`${web.baseUrl}/login?out=1`);
      expect(await page.locator(".notice").textContent()).toBe(en("web.logged_out"));
      await screenshot(page, "logged-out");
      await page.goto(`${web.baseUrl}/`);
      expect(page.url()).toBe(`${web.baseUrl}/login`);

      // The same link again, in a fresh browser: refused with the one generic answer, nobody signed in.
      const replay = await newPage();
      await replay.goto(`${web.baseUrl}${link}`);
      await replay.getByRole("button", { name: en("web.link_submit") }).click();
      await replay.locator("p.error").waitFor();
      expect(await replay.locator("p.error").textContent()).toBe(en("web.link_refused", { minutes: 10 }));
      await screenshot(replay, "link-refused");
      await replay.goto(`${web.baseUrl}/`);
      expect(replay.url()).toBe(`${web.baseUrl}/login`);
    },
    timeout,
  );

  it(
    "refuses a form posted without its CSRF token, with the session cookie, and changes nothing",
    async () => {
      const other = web.addTherapist("T-csrf");
      const chat = await web.linkTelegram(502, other.code);
      seedBrowserCaseload(web.app.database.db, { practiceId: web.practiceId, therapistId: other.therapistId }, start, [
        "Ash-4",
        "Elm-5",
        "Fir-6",
      ]);
      const page = await newPage();
      await signInInBrowser(page, web, "T-csrf", chat);

      // page.request shares the browser context's cookies: the session goes along, the token does not.
      const withoutToken = await page.request.post(`${web.baseUrl}/logout`, { form: {}, maxRedirects: 0 });
      expect(withoutToken.status()).toBe(403);
      expect(await withoutToken.text()).toContain(en("web.forbidden"));
      const forged = await page.request.post(`${web.baseUrl}/logout`, { form: { _csrf: "forged" }, maxRedirects: 0 });
      expect(forged.status()).toBe(403);
      // Still signed in: the logout did not happen.
      const still = await page.request.get(`${web.baseUrl}/`, { maxRedirects: 0 });
      expect(still.status()).toBe(200);
      expect(await still.text()).toContain("Ash-4");
    },
    timeout,
  );

  it(
    "shows a client's page with its charts, and acknowledges their alert with a reason",
    async () => {
      const therapist = web.addTherapist("T-client");
      const chat = await web.linkTelegram(504, therapist.code);
      const own = seedBrowserCaseload(
        web.app.database.db,
        { practiceId: web.practiceId, therapistId: therapist.therapistId },
        start,
        ["Pine-7", "Yew-8", "Holly-9"],
      );
      const page = await newPage();
      await signInInBrowser(page, web, "T-client", chat);

      // From the caseload to the client by their link (a numeric id in the URL, never the alias).
      await page.getByRole("link", { name: own.atRisk.alias }).click();
      await page.waitForURL(`${web.baseUrl}/clients/${own.atRisk.id}`);
      expect(await page.locator("h1").textContent()).toContain(own.atRisk.alias);
      // Each chart is drawn inline, as SVG from the server, with its numbers in a table beside it.
      const charts = page.locator("figure.chart svg");
      expect(await charts.count()).toBeGreaterThan(0);
      expect(await page.locator("figure.chart table").count()).toBe(await charts.count());
      await screenshot(page, "client");
      await expectAccessible(page);

      // The alerts inbox: the open risk alert, acknowledged with a reason.
      await page
        .getByRole("navigation")
        .getByRole("link", { name: en("web.nav_alerts") })
        .click();
      await page.waitForURL(`${web.baseUrl}/alerts`);
      await screenshot(page, "alerts");
      await expectAccessible(page);
      const submit = page.getByRole("button", { name: /^Acknowledge alert #\d+$/ }).first();
      const alertNumber = Number(/#(\d+)/.exec((await submit.textContent()) ?? "")?.[1]);
      // A reason is required (the browser will not send the form without one; the server refuses it
      // too: tests/web/alerts.test.ts).
      expect(
        await page.getByLabel(en("web_client.ack_reason_contacted")).first().getAttribute("required"),
      ).not.toBeNull();
      await page.getByLabel(en("web_client.ack_reason_contacted")).first().check();
      await page.getByRole("button", { name: en("web_client.ack_submit", { alert: alertNumber }) }).click();
      await page.waitForURL(`${web.baseUrl}/alerts?acknowledged=${alertNumber}`);
      expect(await page.locator("main").textContent()).toContain(
        en("web_client.ack_done", { alert: alertNumber, alias: own.atRisk.alias }),
      );
      await screenshot(page, "alert-acknowledged");
    },
    timeout,
  );

  it(
    "shows the login page in Swedish and Chinese as the browser asks, accessible in both",
    async () => {
      for (const [locale, lang, language] of [
        ["sv-SE", "sv", "sv"],
        ["zh-CN", "zh-Hans", "zh"],
      ] as const) {
        const page = await newPage(locale);
        await page.goto(`${web.baseUrl}/login`);
        expect(await page.locator("html").getAttribute("lang")).toBe(lang);
        expect(await page.locator("h1").textContent()).toBe(
          web.app.prompts.messages.t(language, "web.login_title", {}),
        );
        await screenshot(page, `login-${language}`);
        await expectAccessible(page);
      }
    },
    timeout,
  );

  it(
    "lets a second therapist see only their own caseload, and not the first one's client by URL",
    async () => {
      const second = web.addTherapist("T2");
      const chat = await web.linkTelegram(503, second.code);
      const page = await newPage();
      await signInInBrowser(page, web, "T2", chat);
      const body = (await page.locator("main").textContent()) ?? "";
      expect(body).toContain(en("web.caseload_title"));
      expect(body).not.toContain(seeded.atRisk.alias);
      await screenshot(page, "caseload-empty");
      await expectAccessible(page);

      const response = await page.goto(`${web.baseUrl}/clients/${seeded.atRisk.id}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator("main").textContent()).not.toContain(seeded.atRisk.alias);
      expect(await page.locator("h1").textContent()).toBe(en("web.not_found_title"));
      await screenshot(page, "not-found");
      await expectAccessible(page);
    },
    timeout,
  );
});
