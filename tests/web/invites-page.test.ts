/**
 * The invites page: a new client by alias with the chat's rules and words, a fresh invite for one
 * who has not joined, the code shown once (never in the list, never in a URL), revoking an unused
 * invite, and nothing reachable of another therapist's clients unless one is an administrator.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashInviteCode } from "../../src/db/ids.js";
import { createInvite, findUsableInvite } from "../../src/db/repos/invites.js";
import { setTherapistAdmin } from "../../src/db/repos/people.js";
import { auditLog, clients, invites } from "../../src/db/schema.js";
import { BotUsernames } from "../../src/engine/bot-usernames.js";
import { snapshot } from "../helpers/cli.js";
import { colleagueWithClient, signIn, webScene } from "../helpers/web.js";

const codeOnPage = (html: string) => /\/link ([A-Za-z0-9_-]{6,})/.exec(html)?.[1];

async function sceneWithColleague() {
  const scene = await webScene();
  const db = scene.h.handle.db;
  const now = scene.h.clock.now();
  const { colleague, theirs } = colleagueWithClient(scene);
  const theirInvite = createInvite(db, { clientId: theirs.id }, now, 7).invite;
  return { scene, db, colleague, theirs, theirInvite };
}

describe("the invites page", () => {
  it("invites a new client by alias, shows the code once, and lists it afterwards without the code", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const page = await browser.get("/invites");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Client A");
    expect(page.body).toContain("waiting to be used");
    expect(page.body).not.toContain(scene.seeded.code);

    const made = await browser.submit("/invites", "/invites", { alias: "Oak-7", locale: "sv" });
    expect(made.statusCode).toBe(200);
    expect(made.body).toContain("The invite for Oak-7");
    expect(made.body).toContain("This is the only time the invite is shown");
    const code = codeOnPage(made.body) as string;
    expect(code).toBeDefined();
    // The message to forward is in the client's language.
    expect(made.body).toContain("Din terapeut har bjudit in dig");
    const db = scene.h.handle.db;
    const added = db.select().from(clients).where(eq(clients.alias, "Oak-7")).get();
    expect(added).toMatchObject({ therapistId: scene.seeded.therapistId, locale: "sv", status: "invited" });
    expect(findUsableInvite(db, code, scene.h.clock.now())?.clientId).toBe(added?.id);
    // No bot username known here: no Telegram link and no QR code.
    expect(made.body).not.toContain("t.me/");
    expect(made.body).not.toContain("<img");

    const later = await browser.get("/invites");
    expect(later.body).toContain("Oak-7");
    expect(later.body).not.toContain(code);
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain(code);
    const actions = db
      .select()
      .from(auditLog)
      .all()
      .map((a) => `${a.actor} ${a.action} ${a.subject}`);
    expect(actions).toContain(`therapist:${scene.seeded.therapistId} client.created client:${added?.id}`);
  });

  it("gives the Telegram link and its QR code when the bot's username is known", async () => {
    const scene = await webScene();
    const names = new BotUsernames();
    names.set("telegram", "InterludeTestBot");
    scene.ctx.botUsernames = names;
    const browser = await signIn(scene);
    const made = await browser.submit("/invites", "/invites", { clientId: String(scene.seeded.clientId) });
    expect(made.statusCode).toBe(200);
    const code = codeOnPage(made.body) as string;
    expect(made.body).toContain(`href="https://t.me/InterludeTestBot?start=${code}"`);
    expect(made.body).toMatch(
      /<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="QR code that opens the invite link"/,
    );
    // The fresh invite replaced the earlier one.
    expect(findUsableInvite(scene.h.handle.db, scene.seeded.code, scene.h.clock.now())).toBeUndefined();
    expect(findUsableInvite(scene.h.handle.db, code, scene.h.clock.now())?.clientId).toBe(scene.seeded.clientId);
  });

  it("refuses a name-like, a taken and a missing alias with the chat's words, storing nothing", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    expect((await browser.submit("/invites", "/invites", { alias: "Oak-7" })).statusCode).toBe(200);
    const before = snapshot(scene.h.handle);
    const nameLike = await browser.submit("/invites", "/invites", { alias: "Anna" });
    expect(nameLike.statusCode).toBe(400);
    expect(nameLike.body).toContain("That alias looks like a real name (part of it is a common first name)");
    const taken = await browser.submit("/invites", "/invites", { alias: "OAK-7" });
    expect(taken.body).toContain("That alias is already in use in your practice.");
    const invalid = await browser.submit("/invites", "/invites", { alias: "Oak/7" });
    expect(invalid.body).toContain("an alias is one word of at most 40 letters");
    const missing = await browser.submit("/invites", "/invites", { alias: " " });
    expect(missing.body).toContain("Please enter an alias for the new client. Nothing was stored.");
    const without = (s: ReturnType<typeof snapshot>) => ({ ...s, audit_log: [], web_sessions: [] });
    expect(without(snapshot(scene.h.handle))).toEqual(without(before));
  });

  it("revokes an unused invite once; the code stops working", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const db = scene.h.handle.db;
    const invite = db.select().from(invites).where(eq(invites.clientId, scene.seeded.clientId)).get();
    const done = await browser.submit("/invites", `/invites/${invite?.id}/revoke`);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("The invite for Client A is revoked");
    expect(done.body).toContain("revoked");
    expect(findUsableInvite(db, scene.seeded.code, scene.h.clock.now())).toBeUndefined();
    const again = await browser.submit("/invites", `/invites/${invite?.id}/revoke`);
    expect(again.statusCode).toBe(404);
  });

  it("does not let a therapist touch another therapist's client by id, and changes nothing", async () => {
    const { scene, db, theirs, theirInvite } = await sceneWithColleague();
    const browser = await signIn(scene);
    const page = await browser.get("/invites");
    expect(page.body).not.toContain("Birch-2");
    const before = db.select().from(invites).all();
    expect((await browser.submit("/invites", "/invites", { clientId: String(theirs.id) })).statusCode).toBe(404);
    expect((await browser.submit("/invites", `/invites/${theirInvite.id}/revoke`)).statusCode).toBe(404);
    expect(db.select().from(invites).all()).toEqual(before);
  });

  it("shows an administrator the whole practice's invites, with whose client each is", async () => {
    const { scene, db, theirs, theirInvite } = await sceneWithColleague();
    setTherapistAdmin(db, scene.seeded.therapistId, true);
    const browser = await signIn(scene);
    const page = await browser.get("/invites");
    expect(page.body).toContain("Birch-2");
    expect(page.body).toContain("<td>T2</td>");
    const done = await browser.submit("/invites", `/invites/${theirInvite.id}/revoke`);
    expect(done.statusCode).toBe(200);
    expect(db.select().from(invites).where(eq(invites.id, theirInvite.id)).get()?.revokedAt).not.toBeNull();
    expect(theirs.id).toBeGreaterThan(0);
  });

  it("refuses a form without its CSRF token and stores nothing", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const refused = await browser.post("/invites", { alias: "Oak-7" });
    expect(refused.statusCode).toBe(403);
    expect(scene.h.handle.db.select().from(clients).where(eq(clients.alias, "Oak-7")).all()).toEqual([]);
    const invite = scene.h.handle.db.select().from(invites).where(eq(invites.clientId, scene.seeded.clientId)).get();
    expect((await browser.post(`/invites/${invite?.id}/revoke`, {})).statusCode).toBe(403);
    expect(findUsableInvite(scene.h.handle.db, scene.seeded.code, scene.h.clock.now())).toBeDefined();
    expect(hashInviteCode(scene.seeded.code)).toBe(invite?.codeHash);
  });
});
