/**
 * When the therapist is asked for their rating: the practice's time after a held session ends (60
 * minutes unless set), once, only to an active therapist's linked chat, never about a session that
 * was not held, a client who stopped, or a session long past; unfinished ratings close after a week.
 */
import { describe, expect, it } from "vitest";
import { updateSession } from "../../src/db/repos/sessions.js";
import { ratingDueWindowMs, ratingOpenMs } from "../../src/ratings/ratings-job.js";
import { en } from "../helpers/privacy.js";
import { ratingScene, sessionEnd } from "../helpers/ratings.js";

const minute = 60_000;
const at = (ms: number) => new Date(sessionEnd.getTime() + ms);

describe("asking the therapist for their rating of a session", () => {
  it("asks once, an hour after a held session ends, with the first of three questions and no client answers", () => {
    const { h, seeded, therapist, client, tick, ratings } = ratingScene();
    // The client's own check-in about the session, answered before the therapist is asked.
    h.clock.set(at(10 * minute));
    h.engine.startCheckin(seeded.clientId);
    for (const answer of ["1", "2", "1", "2", "no"]) client.text(answer);
    client.text("a note the therapist must not see beside their own questions");

    h.clock.set(at(59 * minute));
    expect(tick().asked).toBe(0);
    expect(therapist.read().filter((m) => m.buttons.size > 0)).toEqual([]);

    h.clock.set(at(60 * minute));
    expect(tick()).toEqual({ asked: 1, expired: 0 });
    const [question, ...more] = therapist.read();
    expect(more).toEqual([]);
    expect(question?.text).toBe(
      [
        en("rating.intro").replaceAll("{alias}", "Oak-7").replace("{day}", "Thursday 8 January"),
        "",
        "(1/3) Oak-7 seemed to feel safe to say what really mattered.",
        en("rating.scale_hint"),
      ].join("\n"),
    );
    expect([...(question?.buttons.keys() ?? [])]).toEqual(["1", "2", "3", "4", "5", "Skip"]);
    expect(question?.text).not.toContain("note");
    expect(ratings()).toMatchObject([{ status: "open", next: 0, safety: null, bond: null, work: null }]);

    // Again, and after a restart's repeated tick: nothing asked twice.
    h.clock.set(at(61 * minute));
    expect(tick().asked).toBe(0);
    expect(therapist.read()).toEqual([]);
    expect(ratings()).toHaveLength(1);
  });

  it("waits the practice's own time, and asks nothing where the practice turned ratings off", () => {
    const later = ratingScene({ settings: { therapistRatingAfterMinutes: 180 } });
    later.h.clock.set(at(179 * minute));
    expect(later.tick().asked).toBe(0);
    later.h.clock.set(at(180 * minute));
    expect(later.tick().asked).toBe(1);

    const off = ratingScene({ settings: { therapistRatings: false } });
    off.h.clock.set(at(60 * minute));
    expect(off.tick().asked).toBe(0);
    expect(off.ratings()).toEqual([]);
  });

  it("asks a therapist who links their chat late, but not about a session long past", () => {
    const late = ratingScene({ therapistLinked: false });
    late.h.clock.set(at(60 * minute));
    expect(late.tick().asked).toBe(0);
    expect(late.ratings()).toEqual([]);
    late.h.clock.set(at(60 * minute + ratingDueWindowMs - minute));
    late.therapist.command("start", late.seeded.therapistCode);
    late.therapist.read();
    expect(late.tick().asked).toBe(1);
    expect(late.therapist.read()[0]?.text).toContain("Oak-7");

    const gone = ratingScene({ therapistLinked: false });
    gone.h.clock.set(at(60 * minute + ratingDueWindowMs + minute));
    gone.therapist.command("start", gone.seeded.therapistCode);
    expect(gone.tick().asked).toBe(0);
  });

  it("never asks about a cancelled or no-show session, or about a client who stopped", () => {
    for (const status of ["cancelled", "no_show"] as const) {
      const scene = ratingScene();
      updateSession(scene.db, scene.session.id, { status }, scene.h.clock.now());
      scene.h.clock.set(at(60 * minute));
      expect(scene.tick().asked).toBe(0);
    }
    const stopped = ratingScene();
    stopped.client.command("stop");
    stopped.h.clock.set(at(60 * minute));
    expect(stopped.tick().asked).toBe(0);
  });

  it("closes a rating left unfinished for a week, keeping what was answered", () => {
    const { h, therapist, tick, ratings } = ratingScene();
    h.clock.set(at(60 * minute));
    tick();
    therapist.pressLabel("3");
    h.clock.set(at(60 * minute + ratingOpenMs - minute));
    expect(tick().expired).toBe(0);
    h.clock.set(at(60 * minute + ratingOpenMs + minute));
    expect(tick().expired).toBe(1);
    expect(ratings()).toMatchObject([{ status: "expired", safety: 3, bond: null, work: null }]);
    // Its buttons now change nothing.
    therapist.pressLabel("5");
    expect(therapist.read().at(-1)?.text).toBe(en("rating.closed"));
    expect(ratings()).toMatchObject([{ status: "expired", bond: null }]);
  });
});
