/**
 * Practice settings in the web view: administrators only (anyone else: not found), checked as
 * `practice set`/`practice apply` check them with the same words, all or nothing, audited as apply is.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getPractice, setTherapistAdmin } from "../../src/db/repos/people.js";
import { auditLog, practices } from "../../src/db/schema.js";
import { settingsOf } from "../../src/practice/settings.js";
import { cli, setUp } from "../helpers/cli.js";
import { signIn, webScene } from "../helpers/web.js";

async function adminScene() {
  const scene = await webScene();
  setTherapistAdmin(scene.h.handle.db, scene.seeded.therapistId, true);
  return scene;
}

const escaped = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
const storedSettings = (scene: Awaited<ReturnType<typeof webScene>>) =>
  scene.h.handle.db.select({ settings: practices.settings }).from(practices).all();

describe("the settings page", () => {
  it("is not found for a therapist who is not an administrator, and their POST changes nothing", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const page = await browser.get("/settings");
    expect(page.statusCode).toBe(404);
    expect((await browser.get("/")).body).not.toContain('href="/settings"');
    const before = storedSettings(scene);
    const token = /name="_csrf" value="([^"]+)"/.exec((await browser.get("/")).body)?.[1] as string;
    expect((await browser.post("/settings", { _csrf: token, inviteTtlDays: "3" })).statusCode).toBe(404);
    expect(storedSettings(scene)).toEqual(before);
  });

  it("shows an administrator the settings and saves a change, audited as practice apply is", async () => {
    const scene = await adminScene();
    const browser = await signIn(scene);
    const page = await browser.get("/settings");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<label for="setting-flags-quietRun">flags.quietRun</label>');
    expect(page.body).toContain('name="inviteTtlDays" type="text" inputmode="numeric" value="7"');
    const saved = await browser.submit("/settings", "/settings", {
      inviteTtlDays: "14",
      summaryDay: "friday",
      riskItem: "true",
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain("Saved 3 change(s):");
    expect(saved.body).toContain("inviteTtlDays: 7 → 14");
    const settings = settingsOf(getPractice(scene.h.handle.db, scene.seeded.practiceId) as never);
    expect(settings).toMatchObject({ inviteTtlDays: 14, summaryDay: "friday", riskItem: true });
    const entry = scene.h.handle.db.select().from(auditLog).where(eq(auditLog.action, "practice.config_applied")).get();
    expect(entry).toMatchObject({
      actor: `therapist:${scene.seeded.therapistId}`,
      subject: `practice:${scene.seeded.practiceId}`,
      detail: { changes: 3 },
    });
  });

  it("refuses bad values with practice set's words beside each field and changes nothing", async () => {
    const scene = await adminScene();
    const browser = await signIn(scene);
    const before = storedSettings(scene);
    const refused = await browser.submit("/settings", "/settings", {
      inviteTtlDays: "200",
      summaryDay: "someday",
      inviteTtlDaysX: "ignored",
      defaultCheckin: "alliance-safety",
    });
    expect(refused.statusCode).toBe(400);
    // The CLI's words for the same values.
    const c = cli();
    await setUp(c);
    const ttl = await c.run("practice", "set", "1", "inviteTtlDays", "200");
    const day = await c.run("practice", "set", "1", "summaryDay", "someday");
    const cliWords = (err: string) => err.slice(err.indexOf("<value>: ") + "<value>: ".length).split("\n")[0] as string;
    expect(cliWords(ttl.err)).toMatch(/^inviteTtlDays: /);
    expect(refused.body).toContain(escaped(cliWords(ttl.err).replace("inviteTtlDays: ", "")));
    expect(refused.body).toContain(`id="setting-summaryDay-error"`);
    expect(refused.body).toContain(escaped(cliWords(day.err).replace("summaryDay: ", "")));
    expect(refused.body).toContain('value="someday"');
    const unknownCheckin = await browser.submit("/settings", "/settings", { defaultCheckin: "no-such" });
    expect(unknownCheckin.body).toContain("no check-in called &quot;no-such&quot;");
    expect(storedSettings(scene)).toEqual(before);
    expect(
      scene.h.handle.db.select().from(auditLog).where(eq(auditLog.action, "practice.config_applied")).all(),
    ).toEqual([]);
  });

  it("refuses a form without its CSRF token and changes nothing", async () => {
    const scene = await adminScene();
    const browser = await signIn(scene);
    await browser.get("/settings");
    const before = storedSettings(scene);
    expect((await browser.post("/settings", { inviteTtlDays: "3" })).statusCode).toBe(403);
    expect(storedSettings(scene)).toEqual(before);
  });
});
