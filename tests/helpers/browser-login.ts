/**
 * Logging in the way a clinician does, in the browser: ask for a link by alias on the login page, take
 * the link from the bot's message in the fake Telegram chat, open it, press Log in. For every
 * browser test of a signed-in page (caseload, client, alerts, admin pages).
 */
import type { Page } from "playwright-core";
import type { FakeUser } from "../fakes/telegram/fake-bot-api.js";
import type { ListeningWeb } from "./web-listening.js";

const en = (web: ListeningWeb, key: "web.login_alias" | "web.login_submit" | "web.link_submit") =>
  web.app.prompts.messages.t("en", key, {});

/** Asks for a link and opens it; stops on the link page (nothing spent yet). Returns the link's path. */
export async function openLoginLink(page: Page, web: ListeningWeb, alias: string, chat: FakeUser): Promise<string> {
  await page.goto(`${web.baseUrl}/login`);
  await page.getByLabel(en(web, "web.login_alias")).fill(alias);
  await page.getByRole("button", { name: en(web, "web.login_submit") }).click();
  await page.locator(".notice").waitFor();
  const link = await web.nextLoginLink(chat);
  await page.goto(`${web.baseUrl}${link}`);
  return link;
}

/** Presses Log in on an opened link page and waits for the caseload. */
export async function pressLogIn(page: Page, web: ListeningWeb): Promise<void> {
  await page.getByRole("button", { name: en(web, "web.link_submit") }).click();
  await page.waitForURL(`${web.baseUrl}/`);
}

/** The whole login (English pages): the browser ends on the signed-in caseload. */
export async function signInInBrowser(page: Page, web: ListeningWeb, alias: string, chat: FakeUser): Promise<string> {
  const link = await openLoginLink(page, web, alias, chat);
  await pressLogIn(page, web);
  return link;
}
