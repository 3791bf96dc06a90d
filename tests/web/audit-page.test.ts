/**
 * The audit log page: administrators only, their own practice's entries only, newest first, paged by
 * the id of the last entry shown, filtered by action prefix; looking is logged.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/db/repos/audit.js";
import { createClient, createPractice, createTherapist, setTherapistAdmin } from "../../src/db/repos/people.js";
import { auditLog, therapists } from "../../src/db/schema.js";
import { signIn, webScene } from "../helpers/web.js";

async function sceneWithOtherPractice() {
  const scene = await webScene();
  const db = scene.h.handle.db;
  const now = scene.h.clock.now();
  const other = createPractice(db, { name: "Elsewhere", timezone: "Europe/Stockholm", locale: "en" }, now);
  const stranger = createTherapist(db, { practiceId: other.id, alias: "X1" }, now);
  const outsider = createClient(
    db,
    { practiceId: other.id, therapistId: stranger.id, alias: "Elm-9", locale: "en", checkinId: "alliance-safety" },
    now,
  );
  audit(db, { actor: "cli", action: "client.created", subject: `client:${outsider.id}` }, now);
  audit(db, { actor: `therapist:${stranger.id}`, action: "web.login", subject: `therapist:${stranger.id}` }, now);
  return { scene, db, outsider, stranger };
}

describe("the audit page", () => {
  it("is not found for a therapist who is not an administrator", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    expect((await browser.get("/audit")).statusCode).toBe(404);
    expect((await browser.get("/audit?before=10")).statusCode).toBe(404);
    expect(scene.h.handle.db.select().from(auditLog).where(eq(auditLog.action, "audit.viewed")).all()).toEqual([]);
  });

  it("shows an administrator their practice's entries only, newest first, and logs the look", async () => {
    const { scene, db, outsider, stranger } = await sceneWithOtherPractice();
    const { therapistId, clientId } = scene.seeded;
    setTherapistAdmin(db, therapistId, true);
    audit(db, { actor: "cli", action: "client.paused", subject: `client:${clientId}` }, scene.h.clock.now());
    const browser = await signIn(scene);
    const page = await browser.get("/audit");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<td>client:${clientId}</td>`);
    expect(page.body).toContain("client.paused");
    expect(page.body).not.toContain(`client:${outsider.id}<`);
    expect(page.body).not.toContain(`therapist:${stranger.id}<`);
    const order = [...page.body.matchAll(/<th scope="row">([a-z_.]+)<\/th>/g)].map((m) => m[1]);
    expect(order.indexOf("web.login")).toBeLessThan(order.indexOf("client.paused"));
    const looked = db.select().from(auditLog).where(eq(auditLog.action, "audit.viewed")).all();
    expect(looked).toHaveLength(1);
    expect(looked[0]).toMatchObject({
      actor: `therapist:${therapistId}`,
      subject: `practice:${scene.seeded.practiceId}`,
    });
  });

  it("pages by the last entry's id and filters by action prefix", async () => {
    const scene = await webScene();
    const db = scene.h.handle.db;
    setTherapistAdmin(db, scene.seeded.therapistId, true);
    for (let i = 0; i < 60; i++) {
      audit(
        db,
        { actor: "cli", action: "client.viewed", subject: `client:${scene.seeded.clientId}`, detail: { n: i } },
        scene.h.clock.now(),
      );
    }
    const browser = await signIn(scene);
    const first = await browser.get("/audit?action=client.viewed");
    const rows = (html: string) =>
      [...html.matchAll(/<code>\{&quot;n&quot;:(\d+)\}<\/code>/g)].map((m) => Number(m[1]));
    expect(rows(first.body)).toHaveLength(50);
    expect(rows(first.body)[0]).toBe(59);
    const older = /href="(\/audit\?before=\d+&amp;action=client.viewed)"/.exec(first.body)?.[1]?.replace("&amp;", "&");
    expect(older).toBeDefined();
    const second = await browser.get(older as string);
    expect(rows(second.body)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(second.body).not.toContain("Older entries");
    const filtered = await browser.get("/audit?action=web.");
    expect(filtered.body).toContain("web.login");
    expect(filtered.body).not.toContain("client.viewed");
    const bad = await browser.get("/audit?action=DROP%20TABLE");
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("An action name has only small letters");
    expect((await browser.get("/audit?before=abc")).statusCode).toBe(404);
  });

  it("shows every management page in the clinician's own language", async () => {
    const scene = await webScene();
    const db = scene.h.handle.db;
    setTherapistAdmin(db, scene.seeded.therapistId, true);
    for (const [locale, titles] of [
      ["sv", ["Inbjudningar", "Scheman och sessioner", "Mottagningens inställningar", "Granskningslogg"]],
      ["zh", ["邀请", "日程与会谈", "机构设置", "审计日志"]],
    ] as const) {
      db.update(therapists).set({ locale }).where(eq(therapists.id, scene.seeded.therapistId)).run();
      const browser = await signIn(scene);
      for (const [i, url] of ["/invites", "/schedules", "/settings", "/audit"].entries()) {
        const page = await browser.get(url);
        expect(page.statusCode, url).toBe(200);
        expect(page.body, url).toContain(`<h1>${titles[i]}</h1>`);
      }
      scene.h.clock.advance(61_000);
    }
  });
});
