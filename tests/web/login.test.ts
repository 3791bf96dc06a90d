/**
 * Login without passwords, through the Fastify app (inject, no network): a link by alias to the
 * clinician's own chat, one generic answer for everything that fails, single use, ten minutes, a fresh
 * session at login, CSRF on every form, idle and absolute limits, sessions that survive a restart and
 * stay ended after logout.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, therapists, webLoginLinks, webSessions } from "../../src/db/schema.js";
import { buildWebServer } from "../../src/web/server.js";
import { csrfOf, linkIn, signIn, TestBrowser, webScene } from "../helpers/web.js";

const MINUTE = 60_000;

describe("login by link", () => {
  it("sends a single-use link to the clinician's own chat and signs them in with a new session id", async () => {
    const scene = await webScene();
    const browser = new TestBrowser(scene.app);
    const form = await browser.get("/login");
    expect(form.statusCode).toBe(200);
    const visitorId = browser.cookies.get("interlude_session");
    expect(visitorId).toBeDefined();
    const asked = await browser.post("/login", { alias: "t1", _csrf: csrfOf(form.body) });
    expect(asked.body).toContain("a login link is on its way there");
    const message = scene.therapistChat.read();
    expect(message).toHaveLength(1);
    expect(message[0]?.payload).toMatchObject({ kind: "message", secret: true });
    const link = /\/login\/[A-Za-z0-9_-]{43}/.exec(message[0]?.text ?? "")?.[0] as string;

    // Opening the link (as a chat app's preview would) spends nothing.
    const opened = await browser.get(link);
    expect(opened.body).toContain('<button type="submit">Log in</button>');
    expect(scene.h.handle.db.select().from(webLoginLinks).get()?.usedAt).toBeNull();
    const done = await browser.post(link, { _csrf: csrfOf(opened.body) });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/");
    const cookie = done.cookies.find((c) => c.name === "interlude_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    expect(cookie?.secure).toBeUndefined();
    expect(browser.cookies.get("interlude_session")).not.toBe(visitorId);

    const caseload = await browser.get("/");
    expect(caseload.statusCode).toBe(200);
    expect(caseload.body).toContain("Client A");
    // Only hashes are stored: neither the link's token nor the session id is in the database.
    const stored = JSON.stringify([
      scene.h.handle.db.select().from(webLoginLinks).all(),
      scene.h.handle.db.select().from(webSessions).all(),
    ]);
    expect(stored).not.toContain(link.slice("/login/".length));
    expect(stored).not.toContain(browser.cookies.get("interlude_session"));
    const actions = scene.h.handle.db
      .select()
      .from(auditLog)
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["web.link_sent", "web.login", "web.caseload_viewed"]));
  });

  it("answers an unknown alias, an unlinked clinician and a known one alike, and sends only to the linked one", async () => {
    const scene = await webScene();
    const browser = new TestBrowser(scene.app);
    const unknown = await browser.submit("/login", "/login", { alias: "Nobody" });
    const known = await browser.submit("/login", "/login", { alias: "T1" });
    expect(unknown.statusCode).toBe(known.statusCode);
    const notice = (html: string) => /<p class="notice"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
    expect(notice(unknown.body)).toBe(notice(known.body));
    expect(scene.therapistChat.read()).toHaveLength(1);

    const unlinked = await webScene([], { linkTherapist: false });
    const other = new TestBrowser(unlinked.app);
    const answer = await other.submit("/login", "/login", { alias: "T1" });
    expect(notice(answer.body)).toBe(notice(known.body));
    expect(unlinked.h.handle.db.select().from(webLoginLinks).all()).toEqual([]);
  });

  it("refuses a used, an expired and an invented link with one generic answer", async () => {
    const scene = await webScene();
    const first = new TestBrowser(scene.app);
    await first.submit("/login", "/login", { alias: "T1" });
    const link = linkIn(scene.therapistChat);
    expect((await first.submit(link, link)).statusCode).toBe(303);

    const replay = new TestBrowser(scene.app);
    const replayed = await replay.submit(link, link);
    expect(replayed.statusCode).toBe(400);
    expect(replayed.body).toContain("This login link cannot be used.");
    expect(replay.cookies.size === 0 || !(await replay.get("/")).body.includes("Client A")).toBe(true);

    scene.h.clock.advance(2 * MINUTE);
    await first.submit("/login", "/login", { alias: "T1" });
    const late = linkIn(scene.therapistChat);
    scene.h.clock.advance(11 * MINUTE);
    const expired = await new TestBrowser(scene.app).submit(late, late);
    expect(expired.body).toBe(replayed.body.replace(/value="[^"]+"/, expired.body.match(/value="[^"]+"/)?.[0] ?? ""));
    const invented = await new TestBrowser(scene.app).submit(`/login/${"A".repeat(43)}`, `/login/${"A".repeat(43)}`);
    expect(invented.statusCode).toBe(400);
    expect(invented.body).toContain("This login link cannot be used.");
  });

  it("sends a clinician at most one link a minute", async () => {
    const scene = await webScene();
    const browser = new TestBrowser(scene.app);
    await browser.submit("/login", "/login", { alias: "T1" });
    await browser.submit("/login", "/login", { alias: "T1" });
    expect(scene.therapistChat.read()).toHaveLength(1);
    scene.h.clock.advance(MINUTE);
    await browser.submit("/login", "/login", { alias: "T1" });
    expect(scene.therapistChat.read()).toHaveLength(1);
  });

  it("rate limits the login routes", async () => {
    const scene = await webScene();
    const browser = new TestBrowser(scene.app);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await browser.get("/login")).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await browser.get("/login")).body).toContain("Too many requests");
  });
});

describe("sessions", () => {
  it("refuses a form without its CSRF token and changes nothing", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const refused = await browser.post("/logout", {});
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("nothing was changed");
    expect((await browser.get("/")).statusCode).toBe(200);
    const forged = await browser.post("/logout", { _csrf: "not-the-token" });
    expect(forged.statusCode).toBe(403);
    expect((await browser.get("/")).statusCode).toBe(200);
  });

  it("ends after 30 idle minutes, and 12 hours after login however busy", async () => {
    const scene = await webScene();
    const idle = await signIn(scene);
    scene.h.clock.advance(29 * MINUTE);
    expect((await idle.get("/")).statusCode).toBe(200);
    scene.h.clock.advance(31 * MINUTE);
    const ended = await idle.get("/");
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe("/login");

    scene.h.clock.advance(2 * MINUTE);
    const busy = await signIn(scene);
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      scene.h.clock.advance(20 * MINUTE);
      expect((await busy.get("/")).statusCode).toBe(200);
    }
    scene.h.clock.advance(25 * MINUTE);
    const over = await busy.get("/");
    expect(over.statusCode).toBe(303);
    expect(over.headers.location).toBe("/login?ended=1");
  });

  it("survives a restart, and a logout stays a logout after one", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const restarted = await buildWebServer(scene.ctx);
    const again = new TestBrowser(restarted);
    for (const [name, value] of browser.cookies) again.cookies.set(name, value);
    const page = await again.get("/");
    expect(page.statusCode).toBe(200);
    const out = await again.post("/logout", { _csrf: csrfOf(page.body) });
    expect(out.headers.location).toBe("/login?out=1");
    // The first server, with the old cookie: the session is gone for it too.
    const after = await browser.get("/");
    expect(after.statusCode).toBe(303);
    expect(
      scene.h.handle.db.select().from(webSessions).where(eq(webSessions.therapistId, scene.seeded.therapistId)).all(),
    ).toEqual([]);
  });

  it("ends the session of a clinician who is no longer active", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    scene.h.handle.db
      .update(therapists)
      .set({ active: false })
      .where(eq(therapists.id, scene.seeded.therapistId))
      .run();
    const refused = await browser.get("/");
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe("/login?ended=1");
  });

  it("marks the cookie Secure, still SameSite strict, when browsers come over https through the proxy", async () => {
    const scene = await webScene([], { publicUrl: "https://interlude.example.org" });
    const browser = new TestBrowser(scene.app, { "x-forwarded-proto": "https" });
    const page = await browser.get("/login");
    expect(page.cookies.find((c) => c.name === "interlude_session")).toMatchObject({
      secure: true,
      sameSite: "Strict",
    });
    // Without the proxy's https the cookie is not handed out at all, rather than sent in the clear.
    const direct = await new TestBrowser(scene.app).get("/login");
    expect(direct.cookies.find((c) => c.name === "interlude_session")).toBeUndefined();
  });
});

describe("every response", () => {
  it("carries a strict Content-Security-Policy, no caching and the usual security headers", async () => {
    const scene = await webScene();
    for (const url of ["/login", "/", "/healthz", "/no-such-page"]) {
      const response = await new TestBrowser(scene.app).get(url);
      const csp = String(response.headers["content-security-policy"]);
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["referrer-policy"]).toBe("no-referrer");
    }
  });

  it("sends a visitor to the login page, in the language their browser asks for", async () => {
    const scene = await webScene();
    const home = await new TestBrowser(scene.app).get("/");
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe("/login");
    const swedish = await new TestBrowser(scene.app, { "accept-language": "sv-SE,sv;q=0.9,en;q=0.5" }).get("/login");
    expect(swedish.body).toContain('<html lang="sv">');
    expect(swedish.body).toContain("Skicka en inloggningslänk");
    const chinese = await new TestBrowser(scene.app, { "accept-language": "zh-CN" }).get("/login");
    expect(chinese.body).toContain("给我发送登录链接");
  });
});
