/**
 * A client's page through the Fastify app: this week's flags and trends, a chart per dimension with
 * the therapist's ratings beside the client's scores, the sessions, the check-in timeline, and what
 * the client shared (and only that); for their current therapist alone, every view audited.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createInvite } from "../../src/db/repos/invites.js";
import { createTherapist, moveClient } from "../../src/db/repos/people.js";
import { auditLog, clients, therapists } from "../../src/db/schema.js";
import {
  atSessionTopic,
  clientPageScene,
  justForMeTopic,
  privateNote,
  sharedNote,
  sharedTopic,
} from "../helpers/client-page.js";
import { ChatUser } from "../helpers/harness.js";
import { linkIn, signIn, TestBrowser } from "../helpers/web.js";

const pageOf = (scene: { seeded: { clientId: number } }) => `/clients/${scene.seeded.clientId}`;

/** A second therapist of the practice, linked in a chat of their own and signed in. */
async function otherTherapist(scene: Awaited<ReturnType<typeof clientPageScene>>) {
  const now = scene.h.clock.now();
  const row = createTherapist(scene.h.handle.db, { practiceId: scene.seeded.practiceId, alias: "T2" }, now);
  const { code } = createInvite(scene.h.handle.db, { therapistId: row.id }, now, 7);
  const chat = new ChatUser(scene.h, "t-2", "t-chat-2", "telegram");
  chat.command("start", code);
  chat.read();
  const browser = new TestBrowser(scene.app);
  await browser.submit("/login", "/login", { alias: "T2" });
  const link = linkIn(chat);
  await browser.submit(link, link);
  return { id: row.id, browser };
}

const viewsOf = (scene: Awaited<ReturnType<typeof clientPageScene>>) =>
  scene.h.handle.db.select().from(auditLog).where(eq(auditLog.action, "web.client_viewed")).all();

describe("the client page", () => {
  it("shows this week, a chart per dimension, the sessions side by side and the timeline", async () => {
    const scene = await clientPageScene();
    const browser = await signIn(scene);
    const page = await browser.get(pageOf(scene));
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain("<h1>Client Client A</h1>");
    expect(html).toContain("This week so far (2026-W10)");
    expect(html).toContain("latest overall 2.3 (2026-02-24)");
    // The rupture of last week is still open: the caseload's flag, with its reason.
    expect(html).toContain("Below their earlier level since 2026-02-24");
    expect(html).toContain("Arrows and blocks: last 4 sessions, from 2026-02-02");

    // Four charts, drawn inline, each one labelled picture; no script came with them.
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html.match(/role="img" aria-label="Line chart of Client A's \w+ score/g)).toHaveLength(4);
    expect(html).not.toContain("<script");
    // The numbers under the Bond chart: the last week, the client's 2 beside the therapist's 3.
    const bond = html.slice(html.indexOf("The numbers behind the Bond chart"));
    expect(bond).toContain('<th scope="col">You (Bond)</th>');
    expect(bond).toMatch(/<th scope="row">2026-02-23<\/th><td>2<\/td><td>3<\/td>/);
    // Goals and tasks are both set beside the therapist's one rating of the work.
    const tasks = html.slice(html.indexOf("The numbers behind the Tasks chart"));
    expect(tasks).toContain("You (The work)");
    expect(tasks).toMatch(/<th scope="row">2026-02-23<\/th><td>2<\/td><td>4<\/td>/);

    expect(html).toContain("Safety 2 / 2 · Bond 2 / 3 · The work 2.5 / 4");
    expect(html).toMatch(/Mon 9 Mar, 13:00<\/th><td>50 min<\/td><td>planned<\/td>/);
    expect(html).toContain("The latest 8 check-ins, newest first. Times in Europe/Stockholm.");
    expect(html).toContain("Overall 2.3 · Safety 2 · Bond 2 · Goals 3 · Tasks 2");
    expect(html).toContain("Drop: overall 4.3 → 2.3");
  });

  it("shows what the client shared, escaped, and nothing they kept", async () => {
    const scene = await clientPageScene();
    const browser = await signIn(scene);
    const html = (await browser.get(pageOf(scene))).body;
    expect(html).toContain("<blockquote>The homework felt rushed &lt;b>last&lt;/b> time</blockquote>");
    expect(html).not.toContain(sharedNote);
    expect(html).toContain(`<blockquote>${sharedTopic}</blockquote>`);
    expect(html).toContain("Client A has 1 topic to raise at the session (2026-02-23)");
    expect(html).toContain("Client A keeps some notes private");
    for (const kept of [privateNote, justForMeTopic, atSessionTopic]) expect(html).not.toContain(kept);
  });

  it("audits each view under the clinician about the client, with ids only", async () => {
    const scene = await clientPageScene();
    const browser = await signIn(scene);
    await browser.get(pageOf(scene));
    await browser.get(pageOf(scene));
    const views = viewsOf(scene);
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({
      actor: `therapist:${scene.seeded.therapistId}`,
      subject: `client:${scene.seeded.clientId}`,
      detail: { week: "2026-W10" },
    });
  });

  it("answers another therapist, a former one and an id nobody has with the same not found", async () => {
    const scene = await clientPageScene();
    const other = await otherTherapist(scene);
    const theirs = await other.browser.get(pageOf(scene));
    const nobody = await other.browser.get("/clients/9999");
    expect(theirs.statusCode).toBe(404);
    expect(nobody.statusCode).toBe(404);
    expect(theirs.body).toBe(nobody.body);
    expect(theirs.body).not.toContain("Client A");
    for (const odd of ["/clients/abc", "/clients/01", "/clients/-1", "/clients/1e3"]) {
      expect((await other.browser.get(odd)).statusCode).toBe(404);
    }

    // Handed over: the page is the new therapist's from that moment, and no longer the former one's.
    const first = await signIn(scene);
    moveClient(scene.h.handle.db, scene.seeded.clientId, other.id);
    expect((await first.get(pageOf(scene))).statusCode).toBe(404);
    const now = await other.browser.get(pageOf(scene));
    expect(now.statusCode).toBe(200);
    expect(now.body).toContain("<h1>Client Client A</h1>");
    expect(viewsOf(scene).map((v) => v.actor)).toEqual([`therapist:${other.id}`]);
  });

  it("sends a visitor to the login page", async () => {
    const scene = await clientPageScene();
    const visit = await new TestBrowser(scene.app).get(pageOf(scene));
    expect(visit.statusCode).toBe(303);
    expect(visit.headers.location).toBe("/login");
    expect(viewsOf(scene)).toEqual([]);
  });

  it("shows a client who shares only the overall score one overall chart, and no dimension anywhere", async () => {
    const scene = await clientPageScene();
    scene.h.handle.db
      .update(clients)
      .set({ scoreDetail: "overall" })
      .where(eq(clients.id, scene.seeded.clientId))
      .run();
    const browser = await signIn(scene);
    const html = (await browser.get(pageOf(scene))).body;
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain("You (mean of your ratings)");
    expect(html).toContain("shares only their overall score");
    // The last session: the client's overall 2.25 beside the therapist's mean of 2, 3 and 4.
    expect(html).toContain("Overall 2.3 / 3");
    expect(html).toContain("<td>Overall 2.3</td>");
    for (const named of ["Safety 2", "Bond 2", "Tasks 5", "The work"]) expect(html).not.toContain(named);
  });

  it("speaks the clinician's language", async () => {
    const scene = await clientPageScene();
    scene.h.handle.db
      .update(therapists)
      .set({ locale: "zh" })
      .where(and(eq(therapists.id, scene.seeded.therapistId)))
      .run();
    const browser = await signIn(scene);
    const html = (await browser.get(pageOf(scene))).body;
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain("最近 12 周的变化");
    expect(html).toContain("你（关系）");
  });
});
