/**
 * The management pages in a real headless Chromium (as browser.e2e.test.ts: the web view listening
 * beside the real grammY bot on the fake Telegram API): creating an invite shows its one-tap link and
 * QR code once; a schedule with a bad value shows the CLI's problem beside the field and changes
 * nothing; settings and the audit log for an administrator. axe-core on every page, screenshots under
 * .ci/screenshots/.
 */
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { setTherapistAdmin } from "../../src/db/repos/people.js";
import { schedules } from "../../src/db/schema.js";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeWithBrowser, launchChromium, screenshot } from "../helpers/browser.js";
import { signInInBrowser } from "../helpers/browser-login.js";
import { type ListeningWeb, listeningWeb } from "../helpers/web-listening.js";
import { type SeededCaseload, seedBrowserCaseload } from "../helpers/web-seed.js";

const timeout = 120_000;
const start = new Date("2026-11-25T10:00:00Z");

let web: ListeningWeb;
let browser: Browser | undefined;
let launchError: unknown;
let seeded: SeededCaseload;
let page: Page;

const en = (key: MessageKey, values: Record<string, string | number> = {}) =>
  web.app.prompts.messages.t("en", key, values);

describeWithBrowser("the management pages in Chromium", () => {
  beforeAll(async () => {
    web = await listeningWeb(start);
    browser = await launchChromium().catch((error: unknown) => {
      launchError = error;
      return undefined;
    });
    const admin = web.addTherapist("T-admin");
    setTherapistAdmin(web.app.database.db, admin.therapistId, true);
    seeded = seedBrowserCaseload(
      web.app.database.db,
      { practiceId: web.practiceId, therapistId: admin.therapistId },
      start,
      ["Pine-1", "Spruce-2", "Larch-3"],
    );
    if (browser) {
      const chat = await web.linkTelegram(601, admin.code);
      page = await (await browser.newContext({ locale: "en-GB" })).newPage();
      await signInInBrowser(page, web, "T-admin", chat);
    }
  }, timeout);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  }, timeout);

  it(
    "creates an invite: the link and its QR code once, then only the status in the list",
    async () => {
      if (!browser) throw launchError;
      await page.goto(`${web.baseUrl}/invites`);
      await expectAccessible(page);
      await page.getByLabel(en("web_admin.invite_alias_label")).fill("Rowan-9");
      await page.getByRole("button", { name: en("web_admin.invite_new_submit") }).click();
      await page.locator("#created-heading").waitFor();
      expect(await page.locator("#created-heading").textContent()).toBe(
        en("web_admin.invite_created_heading", { alias: "Rowan-9" }),
      );
      const link = (await page.locator("section.notice a").getAttribute("href")) ?? "";
      expect(link).toMatch(/^https:\/\/t\.me\/interlude_test_bot\?start=[A-Za-z0-9_-]{20,}$/);
      const code = link.split("start=")[1] as string;
      const qr = page.getByRole("img", { name: en("workspace.invite_qr_alt") });
      expect(await qr.isVisible()).toBe(true);
      expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
      await screenshot(page, "invite-created");
      await expectAccessible(page);

      await page.goto(`${web.baseUrl}/invites`);
      const main = (await page.locator("main").textContent()) ?? "";
      expect(main).toContain("Rowan-9");
      expect(main).not.toContain(code);
      expect(page.url()).not.toContain(code);
      await screenshot(page, "invites");
    },
    timeout,
  );

  it(
    "shows a bad schedule value's problem beside its field and changes nothing; a good one is saved",
    async () => {
      if (!browser) throw launchError;
      const db = web.app.database.db;
      const own = () => db.select().from(schedules).where(eq(schedules.clientId, seeded.steady.id)).all();
      await page.goto(`${web.baseUrl}/schedules`);
      await expectAccessible(page);
      await page.getByRole("link", { name: seeded.steady.alias }).click();
      await page.waitForURL(`${web.baseUrl}/schedules?client=${seeded.steady.id}`);
      await page.getByLabel(en("web_admin.schedule_spec_label")).fill("daily at 09:30");
      await page.getByLabel(en("web_admin.schedule_quiet_label")).fill("25:00-08:00");
      await page.getByRole("button", { name: en("web_admin.schedule_save") }).click();
      const error = page.locator("#schedule-quiet-error");
      await error.waitFor();
      expect(await error.textContent()).toMatch(/25/);
      expect(await page.getByLabel(en("web_admin.schedule_quiet_label")).getAttribute("aria-invalid")).toBe("true");
      expect(own()).toEqual([]);
      await screenshot(page, "schedule-refused");
      await expectAccessible(page);

      await page.getByLabel(en("web_admin.schedule_quiet_label")).fill("22:00-08:00");
      await page.getByRole("button", { name: en("web_admin.schedule_save") }).click();
      await page.locator("p.notice").waitFor();
      expect(own()).toHaveLength(1);
      expect(await page.locator("h3 + ul li").count()).toBe(5);
      await screenshot(page, "schedule-saved");
      await expectAccessible(page);
    },
    timeout,
  );

  it(
    "shows an administrator the practice settings and the audit log, accessible",
    async () => {
      if (!browser) throw launchError;
      await page.goto(`${web.baseUrl}/settings`);
      expect(await page.locator("h1").textContent()).toBe(en("web_admin.settings_title"));
      await screenshot(page, "settings");
      await expectAccessible(page);
      await page.goto(`${web.baseUrl}/audit`);
      expect(await page.locator("h1").textContent()).toBe(en("web_admin.audit_title"));
      expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
      await screenshot(page, "audit");
      await expectAccessible(page);
    },
    timeout,
  );
});
