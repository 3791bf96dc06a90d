/**
 * The schedules page: a client's own check-in schedule with `schedule set`'s checks and words, the
 * next sends previewed, sessions planned and cancelled with `session plan`'s words; a refusal shows
 * the CLI's problem beside its field and changes nothing; another therapist's client is not found.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CliUsageError } from "../../src/cli/context.js";
import { scheduleFromFlags } from "../../src/cli/schedule-flags.js";
import { setTherapistAdmin } from "../../src/db/repos/people.js";
import { schedules, sessions } from "../../src/db/schema.js";
import { snapshot } from "../helpers/cli.js";
import { colleagueWithClient, signIn, webScene } from "../helpers/web.js";

/** What the CLI says about these flags, without the flag's name. */
function cliProblem(flags: Parameters<typeof scheduleFromFlags>[0], flag: string): string {
  try {
    scheduleFromFlags(flags);
  } catch (error) {
    if (error instanceof CliUsageError) return error.message.replace(`${flag}: `, "");
  }
  throw new Error("the CLI accepted it");
}

const escaped = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
/** Every table but the ones a page view itself writes (its audit entry, the session's idle deadline). */
const unchanged = (h: Parameters<typeof snapshot>[0]) => ({ ...snapshot(h), audit_log: [], web_sessions: [] });

describe("the schedules page", () => {
  it("sets a client's own schedule and previews the next sends", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const list = await browser.get("/schedules");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/schedules?client=${scene.seeded.clientId}"`);
    const page = `/schedules?client=${scene.seeded.clientId}`;
    expect((await browser.get(page)).body).toContain("Check-in schedule for Client A");
    const saved = await browser.submit(page, "/schedules", {
      clientId: String(scene.seeded.clientId),
      spec: "daily at 09:30",
      quiet: "22:00-08:00",
      jitter: "0",
      from: "",
      until: "",
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain("Saved: Client A's check-ins now follow");
    const row = scene.h.handle.db.select().from(schedules).where(eq(schedules.clientId, scene.seeded.clientId)).get();
    expect(row).toMatchObject({ cron: "30 9 * * *", quietStart: "22:00", quietEnd: "08:00", active: true });
    const next = saved.body.slice(saved.body.indexOf("Next sends"));
    expect(next.match(/<li>/g)?.length).toBe(5);
    expect(next).toContain("09:30 Europe/Stockholm");
    // A send moved by quiet hours says so in the clinician's words.
    const late = await browser.submit(page, "/schedules", {
      clientId: String(scene.seeded.clientId),
      spec: "daily at 23:30",
      quiet: "22:00-08:00",
      jitter: "0",
    });
    expect(late.body).toContain("08:00 Europe/Stockholm (moved out of quiet hours 22:00–08:00)</li>");

    const cleared = await browser.submit(page, "/schedules/clear", { clientId: String(scene.seeded.clientId) });
    expect(cleared.body).toContain("now follows the therapist's or practice's schedule again");
  });

  it("shows the CLI's problem beside a bad field and changes nothing", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const page = `/schedules?client=${scene.seeded.clientId}`;
    const before = unchanged(scene.h.handle);
    const refused = await browser.submit(page, "/schedules", {
      clientId: String(scene.seeded.clientId),
      spec: "daily at 09:30",
      quiet: "25:00-08:00",
      jitter: "0",
    });
    expect(refused.statusCode).toBe(400);
    const problem = cliProblem({ spec: "daily at 09:30", quiet: "25:00-08:00", jitter: "0" }, "--quiet");
    expect(refused.body).toContain(`<p id="schedule-quiet-error" class="error" role="alert">${escaped(problem)}</p>`);
    // What was typed stays in the form, to be corrected.
    expect(refused.body).toContain('value="25:00-08:00"');
    const badSpec = await browser.submit(page, "/schedules", {
      clientId: String(scene.seeded.clientId),
      spec: "sometimes",
      jitter: "lots",
    });
    expect(badSpec.body).toContain(escaped(cliProblem({ spec: "sometimes", jitter: "0" }, "--spec")));
    expect(badSpec.body).toContain(escaped(cliProblem({ spec: "daily at 09:30", jitter: "lots" }, "--jitter")));
    expect(unchanged(scene.h.handle)).toEqual(before);
  });

  it("plans and cancels sessions with the CLI's words, and refuses bad words changing nothing", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    const page = `/schedules?client=${scene.seeded.clientId}`;
    const clientId = String(scene.seeded.clientId);
    const db = scene.h.handle.db;
    const before = unchanged(scene.h.handle);
    const bad = await browser.submit(page, "/schedules/sessions", { clientId, words: "thursday-ish" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(escaped('expected "thu 14:00 [50m]"'));
    expect(bad.body).toContain(escaped(', not "thursday-ish"'));
    const nothing = await browser.submit(page, "/schedules/sessions", { clientId, words: "cancel 2031-01-01" });
    expect(nothing.body).toContain("there is no session to change that day");
    expect(unchanged(scene.h.handle)).toEqual(before);

    const planned = await browser.submit(page, "/schedules/sessions", { clientId, words: "2030-03-07 14:00 60m" });
    expect(planned.statusCode).toBe(200);
    const row = db.select().from(sessions).where(eq(sessions.clientId, scene.seeded.clientId)).get();
    expect(row).toMatchObject({ status: "planned", durationMinutes: 60 });
    expect(planned.body).toContain("Thu 2030-03-07 14:00 Europe/Stockholm");
    const cancelled = await browser.submit(page, "/schedules/sessions", { clientId, words: "cancel 2030-03-07" });
    expect(cancelled.statusCode).toBe(200);
    expect(
      db
        .select()
        .from(sessions)
        .where(eq(sessions.id, row?.id as number))
        .get()?.status,
    ).toBe("cancelled");
  });

  it("does not let a therapist touch another therapist's client by id; an administrator may", async () => {
    const scene = await webScene();
    const db = scene.h.handle.db;
    const _now = scene.h.clock.now();
    const { theirs } = colleagueWithClient(scene);
    const browser = await signIn(scene);
    expect((await browser.get("/schedules")).body).not.toContain("Birch-2");
    expect((await browser.get(`/schedules?client=${theirs.id}`)).statusCode).toBe(404);
    const before = unchanged(scene.h.handle);
    const form = { clientId: String(theirs.id), spec: "daily at 09:30", jitter: "0" };
    expect((await browser.submit("/schedules", "/schedules", form)).statusCode).toBe(404);
    expect(
      (
        await browser.submit("/schedules", "/schedules/sessions", {
          clientId: String(theirs.id),
          words: "2030-03-07 14:00",
        })
      ).statusCode,
    ).toBe(404);
    expect(unchanged(scene.h.handle)).toEqual(before);

    setTherapistAdmin(db, scene.seeded.therapistId, true);
    expect((await browser.submit("/schedules", "/schedules", form)).statusCode).toBe(200);
    expect(db.select().from(schedules).where(eq(schedules.clientId, theirs.id)).get()?.cron).toBe("30 9 * * *");
  });

  it("refuses a form without its CSRF token and changes nothing", async () => {
    const scene = await webScene();
    const browser = await signIn(scene);
    await browser.get("/schedules");
    const before = unchanged(scene.h.handle);
    const refused = await browser.post("/schedules", {
      clientId: String(scene.seeded.clientId),
      spec: "daily at 09:30",
      jitter: "0",
    });
    expect(refused.statusCode).toBe(403);
    expect(unchanged(scene.h.handle)).toEqual(before);
  });
});
