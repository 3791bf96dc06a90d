/**
 * The alerts inbox through the Fastify app: open alerts with the client's words and a form to
 * acknowledge them with a reason, the history with who took each on and why; a backup clinician sees
 * an alert once it escalated to them (not the client's page), a colleague never; a missing or invented
 * reason, a missing CSRF token and an alert the clinician may not see all change nothing.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { handOverClient } from "../../src/admin/hand-over.js";
import { type ClientRow, getClient } from "../../src/db/repos/people.js";
import { alerts, auditLog, therapists } from "../../src/db/schema.js";
import { alertsWebScene } from "../helpers/alerts-web.js";
import { prompts } from "../helpers/harness.js";
import { allAlerts, minutes } from "../helpers/safety.js";
import { csrfOf } from "../helpers/web.js";

const riskWords = "I want to kill myself";

async function sceneWithAlert() {
  const scene = await alertsWebScene();
  scene.client.text(riskWords);
  const alert = allAlerts(scene.h)[0];
  if (!alert) throw new Error("no alert was raised");
  scene.therapist.read();
  return { ...scene, alertId: alert.id };
}

const alertRow = (scene: Awaited<ReturnType<typeof sceneWithAlert>>) =>
  scene.h.handle.db.select().from(alerts).where(eq(alerts.id, scene.alertId)).get();

describe("the alerts inbox", () => {
  it("shows an open risk alert with the client's words and acknowledges it with the chosen reason", async () => {
    const scene = await sceneWithAlert();
    const browser = await scene.signInAs(scene.therapist, "T1");
    const inbox = await browser.get("/alerts");
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain("Open (1)");
    expect(inbox.body).toContain(`⚠ Alert #${scene.alertId} (risk):`);
    expect(inbox.body).toContain(`<a href="/clients/${scene.seeded.clientId}">Client A</a>`);
    expect(inbox.body).toContain(`<blockquote>${riskWords}</blockquote>`);
    expect(inbox.body).toContain("Not escalated: with the client's therapist");
    expect(inbox.body).toContain(`action="/alerts/${scene.alertId}/acknowledge"`);
    expect(inbox.body).toContain("No acknowledged alerts yet.");

    const done = await browser.post(`/alerts/${scene.alertId}/acknowledge`, {
      _csrf: csrfOf(inbox.body),
      reason: "contacted",
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/alerts?acknowledged=${scene.alertId}`);
    expect(alertRow(scene)).toMatchObject({
      acknowledgedBy: `therapist:${scene.seeded.therapistId}`,
      acknowledgedReason: "contacted",
      escalateAt: null,
    });
    const entry = scene.h.handle.db.select().from(auditLog).where(eq(auditLog.action, "alert.acknowledged")).get();
    expect(entry).toMatchObject({ actor: `therapist:${scene.seeded.therapistId}`, subject: `alert:${scene.alertId}` });
    expect(entry?.detail).toMatchObject({ via: "web", reason: "contacted", kind: "risk" });

    const after = await browser.get(done.headers.location as string);
    expect(after.body).toContain(`Alert #${scene.alertId} (Client A) is acknowledged.`);
    expect(after.body).toContain("Open (0)");
    expect(after.body).toContain("I have been in touch with the client");
    expect(after.body).toContain("by T1, ");

    // Pressing again (an old tab) changes nothing and says who took it on.
    const again = await browser.post(`/alerts/${scene.alertId}/acknowledge`, {
      _csrf: csrfOf(after.body),
      reason: "no_action",
    });
    expect(again.headers.location).toBe(`/alerts?already=${scene.alertId}`);
    expect((await browser.get(again.headers.location as string)).body).toContain(
      `Alert #${scene.alertId} was already acknowledged by T1`,
    );
    expect(alertRow(scene)?.acknowledgedReason).toBe("contacted");
  });

  it("refuses an acknowledgement without a reason, or with one not on the list, and changes nothing", async () => {
    const scene = await sceneWithAlert();
    const browser = await scene.signInAs(scene.therapist, "T1");
    const inbox = await browser.get("/alerts");
    for (const form of [{}, { reason: "because" }] as Record<string, string>[]) {
      const refused = await browser.post(`/alerts/${scene.alertId}/acknowledge`, {
        _csrf: csrfOf(inbox.body),
        ...form,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(`Please choose why you are acknowledging alert #${scene.alertId}.`);
      expect(refused.body).toContain('role="alert"');
    }
    expect(alertRow(scene)?.acknowledgedAt).toBeNull();
  });

  it("refuses a press without the page's CSRF token", async () => {
    const scene = await sceneWithAlert();
    const browser = await scene.signInAs(scene.therapist, "T1");
    const refused = await browser.post(`/alerts/${scene.alertId}/acknowledge`, { reason: "contacted" });
    expect(refused.statusCode).toBe(403);
    expect(alertRow(scene)?.acknowledgedAt).toBeNull();
  });

  it("shows a backup clinician an alert only once it escalated to them, without the client's page", async () => {
    const scene = await sceneWithAlert();
    const browser = await scene.signInAs(scene.backup, "Backup-1");
    const before = await browser.get("/alerts");
    expect(before.body).toContain("Open (0)");
    expect(
      (await browser.submit("/alerts", `/alerts/${scene.alertId}/acknowledge`, { reason: "known" })).statusCode,
    ).toBe(404);
    expect(alertRow(scene)?.acknowledgedAt).toBeNull();

    scene.h.clock.advance(minutes(120));
    scene.watch.tick();
    scene.backup.read();
    // Two idle hours ended that session: a new login, by a new link.
    const later = await scene.signInAs(scene.backup, "Backup-1");
    const escalated = await later.get("/alerts");
    expect(escalated.body).toContain(`⚠ Alert #${scene.alertId} (risk):`);
    expect(escalated.body).toContain("Escalated to the backup clinicians (level 1)");
    expect(escalated.body).toContain(`<blockquote>${riskWords}</blockquote>`);
    // The alert, not the client's records: no link to the client page, which refuses them too.
    expect(escalated.body).not.toContain(`href="/clients/${scene.seeded.clientId}"`);
    expect((await later.get(`/clients/${scene.seeded.clientId}`)).statusCode).toBe(404);

    const done = await later.post(`/alerts/${scene.alertId}/acknowledge`, {
      _csrf: csrfOf(escalated.body),
      reason: "emergency",
    });
    expect(done.headers.location).toBe(`/alerts?acknowledged=${scene.alertId}`);
    expect(alertRow(scene)).toMatchObject({ acknowledgedReason: "emergency" });
    // The therapist hears in chat who took it on, as after /ack.
    expect(scene.therapist.read().at(-1)?.text).toContain(`acknowledged by Backup-1`);
    const history = await scene.signInAs(scene.therapist, "T1");
    const seen = await history.get("/alerts");
    expect(seen.body).toContain("Emergency services or a crisis team are involved");
    expect(seen.body).toContain("by Backup-1, ");
  });

  it("shows a colleague no alert and answers their press like one for an alert that does not exist", async () => {
    const scene = await sceneWithAlert();
    const browser = await scene.signInAs(scene.colleague, "Colleague");
    const inbox = await browser.get("/alerts");
    expect(inbox.body).toContain("No open alerts");
    expect(inbox.body).not.toContain(riskWords);
    const theirs = await browser.post(`/alerts/${scene.alertId}/acknowledge`, {
      _csrf: csrfOf(inbox.body),
      reason: "contacted",
    });
    const none = await browser.post("/alerts/999/acknowledge", { _csrf: csrfOf(inbox.body), reason: "contacted" });
    expect(theirs.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(theirs.body.replace(/value="[^"]+"/g, "")).toBe(none.body.replace(/value="[^"]+"/g, ""));
    expect(alertRow(scene)?.acknowledgedAt).toBeNull();
    // An address naming someone else's alert says nothing about it either.
    const probed = await browser.get(`/alerts?already=${scene.alertId}`);
    expect(probed.body).not.toContain(`Alert #${scene.alertId}`);
  });

  it("shows an acknowledgement from chat in the history without a reason, and audits every view", async () => {
    const scene = await sceneWithAlert();
    scene.therapist.command("ack", String(scene.alertId));
    const browser = await scene.signInAs(scene.therapist, "T1");
    const inbox = await browser.get("/alerts");
    expect(inbox.body).toContain("none given (acknowledged in chat or at the CLI)");
    const views = scene.h.handle.db.select().from(auditLog).where(eq(auditLog.action, "web.alerts_viewed")).all();
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ actor: `therapist:${scene.seeded.therapistId}` });
    expect(views[0]?.detail).toEqual({ open: 0, history: 1 });
  });

  it("moves the history with a handed-over client: the former therapist no longer sees it", async () => {
    const scene = await sceneWithAlert();
    scene.therapist.command("ack", String(scene.alertId));
    const db = scene.h.handle.db;
    const colleagueId = db.select().from(therapists).where(eq(therapists.alias, "Colleague")).get()?.id as number;
    db.transaction((tx) =>
      handOverClient(
        tx,
        prompts(),
        getClient(tx, scene.seeded.clientId) as ClientRow,
        colleagueId,
        scene.h.clock.now(),
      ),
    );
    const former = await scene.signInAs(scene.therapist, "T1");
    expect((await former.get("/alerts")).body).toContain("No acknowledged alerts yet.");
    const current = await scene.signInAs(scene.colleague, "Colleague");
    const theirs = await current.get("/alerts");
    expect(theirs.body).toContain(`<a href="/clients/${scene.seeded.clientId}">Client A</a>`);
    expect(theirs.body).toContain("by T1, ");
  });

  it("speaks the clinician's language", async () => {
    const scene = await sceneWithAlert();
    scene.h.handle.db.update(therapists).set({ locale: "sv" }).where(eq(therapists.id, scene.seeded.therapistId)).run();
    const browser = await scene.signInAs(scene.therapist, "T1");
    const inbox = await browser.get("/alerts");
    expect(inbox.body).toContain('<html lang="sv">');
    expect(inbox.body).toContain(`Kvittera varning #${scene.alertId}`);
    expect(inbox.body).toContain("Jag har haft kontakt med klienten");
  });
});
