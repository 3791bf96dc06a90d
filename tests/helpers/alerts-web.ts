/**
 * The web view on a safety scene: client A enrolled with the risk question on, its therapist T1
 * linked, a backup clinician at rank 1 and a colleague on no rung, each linked in their own chat, and
 * the web app on the same database and clock. `signInAs` logs a clinician in by the link sent to
 * their own chat.
 */
import { silentLogger } from "../../src/logger.js";
import { buildWebServer } from "../../src/web/server.js";
import type { WebContext } from "../../src/web/web-context.js";
import { type ChatUser, createHarness, prompts } from "./harness.js";
import { addClinician, safetyScene } from "./safety.js";
import { linkIn, publicUrl, TestBrowser } from "./web.js";

export async function alertsWebScene() {
  const h = createHarness();
  const safety = safetyScene(h);
  const backup = addClinician(h, safety.seeded, "Backup-1", 1);
  const colleague = addClinician(h, safety.seeded, "Colleague", 0);
  const ctx: WebContext = {
    db: h.handle.db,
    clock: h.clock,
    prompts: prompts(),
    logger: silentLogger,
    onQueued: () => undefined,
    publicUrl,
  };
  const app = await buildWebServer(ctx);
  const signInAs = async (chat: ChatUser, alias: string): Promise<TestBrowser> => {
    const browser = new TestBrowser(app);
    await browser.submit("/login", "/login", { alias });
    const link = linkIn(chat);
    const done = await browser.submit(link, link);
    if (done.statusCode !== 303) throw new Error(`login of ${alias} failed: ${done.statusCode}`);
    return browser;
  };
  return { h, ...safety, backup, colleague, app, signInAs };
}
