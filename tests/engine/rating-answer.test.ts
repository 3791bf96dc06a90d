/**
 * The therapist answers their rating in chat: one tap per question, Skip allowed, each answered
 * message edited to show the answer, the next question after it, thanks after the third. Presses that
 * must change nothing: twice on the same buttons, an invented option, someone else's press, and any
 * press once the session is marked a no-show.
 */

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { updateSession } from "../../src/db/repos/sessions.js";
import { auditLog, identities, therapists } from "../../src/db/schema.js";
import { ChatUser, prompts } from "../helpers/harness.js";
import { en } from "../helpers/privacy.js";
import { ratingScene, sessionEnd } from "../helpers/ratings.js";

const asked = (scene: ReturnType<typeof ratingScene>) => {
  scene.h.clock.set(new Date(sessionEnd.getTime() + 60 * 60_000));
  expect(scene.tick().asked).toBe(1);
  return scene.therapist.read();
};

describe("answering the rating", () => {
  it("takes three taps (one a Skip), shows each answer, and thanks the therapist", () => {
    const scene = ratingScene();
    const { therapist, ratings, db } = scene;
    const first = asked(scene);
    therapist.pressLabel("4", first);
    const [edit, second, ...rest] = therapist.read();
    expect(rest).toEqual([]);
    expect(edit?.payload).toMatchObject({ kind: "edit", targetOutboxId: first[0]?.outboxId });
    expect(edit?.text.endsWith("\n✓ 4")).toBe(true);
    expect(second?.text).toBe(
      ["(2/3) Oak-7 and I had a trusting working relationship.", en("rating.scale_hint")].join("\n"),
    );
    therapist.pressLabel("Skip", [second as never]);
    const third = therapist.read();
    expect(third[0]?.text.endsWith("\n✓ Skip")).toBe(true);
    expect(third[1]?.text.startsWith("(3/3) Oak-7 and I agreed on what we worked on and how.")).toBe(true);
    therapist.pressLabel("2", third);
    expect(therapist.read().at(-1)?.text).toBe(
      "Thank you. Your view of the session with Oak-7 on Thursday 8 January is saved.",
    );
    expect(ratings()).toMatchObject([{ status: "completed", next: 3, safety: 4, bond: null, work: 2 }]);
    // Audited under the client (so erasure takes it), with counts only: no rated values.
    const entry = db
      .select()
      .from(auditLog)
      .all()
      .find((a) => a.action === "therapist_rating.recorded");
    expect(entry).toMatchObject({
      actor: `therapist:${scene.seeded.therapistId}`,
      subject: `client:${scene.seeded.clientId}`,
    });
    expect(entry?.detail).toEqual({ session: scene.session.id, answered: 2 });
  });

  it("saves nothing when all three are skipped, and says so", () => {
    const scene = ratingScene();
    let messages = asked(scene);
    for (let i = 0; i < 3; i += 1) {
      scene.therapist.pressLabel("Skip", messages);
      messages = scene.therapist.read();
    }
    expect(messages.at(-1)?.text).toBe(
      "All three skipped: nothing was saved for the session with Oak-7 on Thursday 8 January.",
    );
    expect(scene.ratings()).toMatchObject([{ status: "completed", safety: null, bond: null, work: null }]);
  });

  it("changes nothing on a second press of the same buttons, or an option that was never offered", () => {
    const scene = ratingScene();
    const first = asked(scene);
    const data = first[0]?.buttons.get("4") as string;
    scene.therapist.press(data);
    scene.therapist.read();
    scene.therapist.press(data.replace(/\.4$/, ".1"));
    expect(scene.therapist.read().map((m) => m.text)).toEqual([en("rating.closed")]);
    const second = scene.therapist.read();
    expect(second).toEqual([]);
    scene.therapist.press(`${data.split(".")[0]}.9`);
    expect(scene.therapist.read().map((m) => m.text)).toEqual([en("rating.closed")]);
    expect(scene.ratings()).toMatchObject([{ status: "open", next: 1, safety: 4, bond: null }]);
  });

  it("ignores a press from anyone else's chat, client or clinician", () => {
    const scene = ratingScene();
    const first = asked(scene);
    const data = first[0]?.buttons.get("1") as string;
    scene.client.press(data);
    expect(scene.client.read().map((m) => m.text)).toEqual([en("checkin.not_yours")]);
    const stranger = new ChatUser(scene.h, "9009", "9009");
    stranger.press(data);
    expect(stranger.read()).toEqual([]);
    expect(scene.ratings()).toMatchObject([{ next: 0, safety: null }]);
  });

  it("closes the rating when the session is marked a no-show after it was asked", () => {
    const scene = ratingScene();
    const first = asked(scene);
    updateSession(scene.db, scene.session.id, { status: "no_show" }, scene.h.clock.now());
    scene.therapist.pressLabel("5", first);
    expect(scene.therapist.read().map((m) => m.text)).toEqual([en("rating.closed")]);
    expect(scene.ratings()).toMatchObject([{ status: "expired", safety: null }]);
  });

  it("records nothing from a therapist deactivated after it was asked, who is unlinked instead", () => {
    const scene = ratingScene();
    const first = asked(scene);
    scene.db.update(therapists).set({ active: false }).where(eq(therapists.id, scene.seeded.therapistId)).run();
    scene.therapist.pressLabel("4", first);
    expect(scene.ratings()).toMatchObject([{ status: "open", next: 0, safety: null }]);
    expect(
      scene.db
        .select()
        .from(identities)
        .all()
        .some((i) => i.therapistId === scene.seeded.therapistId),
    ).toBe(false);
  });

  it("asks in the therapist's language", () => {
    const scene = ratingScene();
    scene.db.update(therapists).set({ locale: "sv" }).where(eq(therapists.id, scene.seeded.therapistId)).run();
    const [question] = asked(scene);
    const sv = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) => prompts().messages.t("sv", key);
    expect(question?.text.startsWith("Din egen bild av sessionen med Oak-7 torsdag 8 januari.")).toBe(true);
    expect(question?.text).toContain(sv("rating.scale_hint"));
    expect([...(question?.buttons.keys() ?? [])].at(-1)).toBe("Hoppa över");
    scene.therapist.pressLabel("Hoppa över", [question as never]);
    expect(
      scene.therapist.read().at(-1)?.text.startsWith("(2/3) Oak-7 och jag hade en tillitsfull arbetsrelation."),
    ).toBe(true);
  });
});
