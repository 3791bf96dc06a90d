/**
 * The console demo prints a login link for the demo therapist, so a newcomer can open the web view at
 * once (a real clinician asks for one with /web or on the login page, and gets it in their chat).
 */

import { issueLoginLink, loginLinkMinutes, loginUrl } from "../access/login-links.js";
import type { Db } from "../db/connection.js";
import { getClient } from "../db/repos/people.js";
import type { Prompts } from "../prompts/load.js";
import type { DemoState } from "./demo-practice.js";

export function demoLoginLine(db: Db, prompts: Prompts, demo: DemoState, webUrl: string, now: Date): string {
  const therapistId = getClient(db, demo.clientId)?.therapistId;
  if (therapistId === undefined) return "";
  const link = loginUrl(webUrl, issueLoginLink(db, therapistId, now));
  return `${prompts.messages.t("en", "web.demo_login", { link, minutes: loginLinkMinutes })}\n\n`;
}
