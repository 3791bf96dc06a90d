/**
 * `/session` and `/sessions` in a clinician's chat: planning, moving, weekly appointments, cancelling,
 * no-shows and listing, for their own clients only (another therapist's client gets the answer an
 * unknown alias gets), in the clinician's language, with bad words answered by the usage and nothing
 * changed. Every change and every listing is audited under the clinician.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createClient, createTherapist } from "../../src/db/repos/people.js";
import { auditLog, sessions, therapists } from "../../src/db/schema.js";
import { ChatUser, createHarness, prompts, seedPractice } from "../helpers/harness.js";

function scene() {
  const h = createHarness();
  h.clock.set("2026-12-07T09:00:00Z"); // Monday, 10:00 in Stockholm
  const seeded = seedPractice(h, { alias: "Oak-7" });
  const therapist = new ChatUser(h, "3003", "3003", "telegram");
  therapist.command("start", seeded.therapistCode);
  therapist.read();
  const other = createTherapist(h.handle.db, { practiceId: seeded.practiceId, alias: "T2" }, h.clock.now());
  createClient(
    h.handle.db,
    {
      practiceId: seeded.practiceId,
      therapistId: other.id,
      alias: "Elm-3",
      locale: "en",
      checkinId: "alliance-safety",
    },
    h.clock.now(),
  );
  const say = (args: string, command = "session") => {
    therapist.command(command, args);
    return therapist
      .read()
      .map((m) => m.text)
      .join("\n");
  };
  const rows = () => h.handle.db.select().from(sessions).all();
  return { h, seeded, say, rows };
}

const t = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) => prompts().messages.t("en", key);

describe("/session and /sessions", () => {
  it("plans, moves and lists a client's sessions", () => {
    const { say, rows } = scene();
    expect(say("Oak-7 thu 14:00")).toBe("Session with Oak-7 planned: Thu 10 Dec, 14:00.");
    expect(say("oak-7 thu 15:00 90m")).toBe("The session with Oak-7 that day is moved to Thu 10 Dec, 15:00.");
    expect(rows()).toHaveLength(1);
    expect(say("Oak-7", "sessions")).toBe(
      ["Sessions with Oak-7 (the client's local times):", "Thu 10 Dec, 15:00 · 90 min · planned"].join("\n"),
    );
  });

  it("plans weekly sessions, cancels one and ends them", () => {
    const { say, rows } = scene();
    expect(say("Oak-7 every thu 14:00")).toBe(
      "Weekly sessions with Oak-7 are planned, the first on Thu 10 Dec, 14:00.",
    );
    expect(rows().length).toBeGreaterThan(4);
    expect(say("Oak-7 cancel 2026-12-17")).toBe("Cancelled: the session with Oak-7 on Thu 17 Dec, 14:00.");
    expect(say("Oak-7 cancel 2026-12-18")).toBe("There is no session with Oak-7 on 2026-12-18 to change.");
    expect(say("Oak-7 stop")).toMatch(
      /^The weekly sessions with Oak-7 have ended; \d+ planned sessions were cancelled\.$/,
    );
    expect(say("Oak-7 stop")).toBe("Oak-7 has no weekly sessions to end.");
  });

  it("marks a no-show only once the session has started", () => {
    const { h, say, rows } = scene();
    say("Oak-7 thu 14:00");
    expect(say("Oak-7 noshow thu")).toBe("There is no session with Oak-7 on thu to change.");
    h.clock.set("2026-12-10T15:00:00Z");
    expect(say("Oak-7 noshow thu")).toBe("The session with Oak-7 on Thu 10 Dec is marked as missed.");
    expect(rows()[0]?.status).toBe("no_show");
  });

  it("answers another therapist's client as an unknown alias, and bad words with the usage, changing nothing", () => {
    const { h, say, rows } = scene();
    const unknown = prompts().messages.t("en", "summary.unknown_alias", { alias: "Elm-3" });
    expect(say("Elm-3 thu 14:00")).toBe(unknown);
    expect(say("Elm-3", "sessions")).toBe(unknown);
    for (const bad of ["", "Oak-7", "Oak-7 someday", "Oak-7 thu 14:00 forever"])
      expect(say(bad)).toBe(t("clinician.session_usage"));
    expect(say("", "sessions")).toBe(t("clinician.sessions_usage"));
    expect(say("Oak-7 2026-12-01 14:00")).toBe(t("clinician.session_in_past"));
    expect(rows()).toEqual([]);
    const audited = h.handle.db.select().from(auditLog).where(eq(auditLog.action, "session.planned")).all();
    expect(audited).toEqual([]);
  });

  it("audits every change and every listing under the clinician", () => {
    const { h, say } = scene();
    say("Oak-7 thu 14:00");
    say("Oak-7", "sessions");
    const rows = h.handle.db
      .select()
      .from(auditLog)
      .all()
      .filter((r) => r.action.startsWith("session"));
    expect(rows.map((r) => [r.actor, r.action])).toEqual([
      ["therapist:1", "session.planned"],
      ["therapist:1", "sessions.viewed"],
    ]);
  });

  it("answers in the clinician's language", () => {
    const { h, seeded, say } = scene();
    h.handle.db.update(therapists).set({ locale: "sv" }).where(eq(therapists.id, seeded.therapistId)).run();
    expect(say("Oak-7 thu 14:00")).toBe("Session med Oak-7 planerad: tors 10 dec. 14:00.");
  });
});
