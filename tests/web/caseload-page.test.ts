/**
 * The caseload page: the running week's summary as a table of the signed-in therapist's own clients,
 * with each dimension's latest weekly mean, flags with their reasons, sorting by column, no numbers for
 * an overall-only client, the therapist's language, and every view audited.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createClient, setClientStatus } from "../../src/db/repos/people.js";
import { auditLog, clients } from "../../src/db/schema.js";
import { recordCheckin } from "../helpers/history.js";
import { addLinkedTherapist, signIn, webScene } from "../helpers/web.js";

const HOUR = 60 * 60_000;

/** Client A (T1) answered this week with a low bond; Client B belongs to T2. */
async function scene() {
  const s = await webScene();
  const db = s.h.handle.db;
  const now = s.h.clock.now();
  setClientStatus(db, s.seeded.clientId, "active");
  recordCheckin(db, s.seeded.clientId, new Date(now.getTime() - 8 * 24 * HOUR), [5, 5, 5, 5]);
  recordCheckin(db, s.seeded.clientId, new Date(now.getTime() + HOUR), [4, 1, 4, 3]);
  s.h.clock.advance(2 * HOUR);
  const second = addLinkedTherapist(s, "T2", { locale: "sv" });
  const other = createClient(
    db,
    {
      practiceId: s.seeded.practiceId,
      therapistId: second.therapistId,
      alias: "Client B",
      locale: "en",
      checkinId: "alliance-safety",
    },
    now,
  );
  recordCheckin(db, other.id, new Date(now.getTime() + HOUR), [3, 3, 3, 3]);
  return { ...s, second, otherClientId: other.id };
}

/** The text of each cell of each body row, tags stripped. */
function rows(html: string): string[][] {
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(html)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? "").matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      (cell[1] ?? "")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    ),
  );
}

describe("the caseload page", () => {
  it("shows the therapist's own clients with this week's numbers and flags, and audits the view", async () => {
    const s = await scene();
    const browser = await signIn(s);
    const page = await browser.get("/");
    expect(page.statusCode).toBe(200);
    const table = rows(page.body);
    expect(table).toHaveLength(1);
    const [alias, status, answered, safety, bond, goals, tasks, flags] = table[0] ?? [];
    expect([alias, status]).toEqual(["Client A", "active"]);
    expect(answered).toMatch(/^1 of \d+$/);
    expect([safety, bond, goals, tasks].map((v) => v?.split(" ")[0])).toEqual(["4", "1", "4", "3"]);
    expect(flags).toMatch(/bond|trust/i);
    expect(page.body).not.toContain("Client B");
    expect(page.body).toContain('href="/clients/');
    const viewed = s.h.handle.db.select().from(auditLog).where(eq(auditLog.action, "web.caseload_viewed")).all();
    expect(viewed).toMatchObject([
      { actor: `therapist:${s.seeded.therapistId}`, subject: `therapist:${s.seeded.therapistId}` },
    ]);
  });

  it("shows another therapist only their own clients, in their language", async () => {
    const s = await scene();
    const browser = await signIn(s, "T2", s.second.chat);
    const page = await browser.get("/");
    expect(rows(page.body).map((r) => r[0])).toEqual(["Client B"]);
    expect(page.body).toContain('<html lang="sv">');
    expect(page.body).toContain("Klient");
  });

  it("sorts by a column named in the query, and ignores anything else there", async () => {
    const s = await scene();
    const db = s.h.handle.db;
    for (const alias of ["Zed", "Adam"]) {
      createClient(
        db,
        {
          practiceId: s.seeded.practiceId,
          therapistId: s.seeded.therapistId,
          alias,
          locale: "en",
          checkinId: "alliance-safety",
        },
        s.h.clock.now(),
      );
    }
    const browser = await signIn(s);
    const byAlias = rows((await browser.get("/?sort=alias")).body).map((r) => r[0]);
    expect(byAlias).toEqual(["Adam", "Client A", "Zed"]);
    const byBond = rows((await browser.get("/?sort=bond")).body).map((r) => r[0]);
    expect(byBond[0]).toBe("Client A");
    const odd = await browser.get("/?sort=%3Cscript%3E");
    expect(odd.statusCode).toBe(200);
    expect(odd.body).not.toContain("<script>");
  });

  it("shows no dimension numbers for a client who shares only the overall score", async () => {
    const s = await scene();
    s.h.handle.db.update(clients).set({ scoreDetail: "overall" }).where(eq(clients.id, s.seeded.clientId)).run();
    const browser = await signIn(s);
    const [row] = rows((await browser.get("/")).body);
    expect(row?.slice(3, 7)).toEqual(["overall only", "overall only", "overall only", "overall only"]);
    expect(row?.[7] ?? "").not.toMatch(/bond|trust|goal|task|safe/i);
  });
});
