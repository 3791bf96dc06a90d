/**
 * The sharing a client controls: one row of buttons under each note, and /privacy with the client's
 * choices and buttons to change them. Every change is audited by kind (never text), a stale or
 * foreign press changes nothing, and the consent names the practice's default.
 */
import { describe, expect, it } from "vitest";
import { insertTopic } from "../../src/db/repos/topics.js";
import { answers, auditLog, clients, topics } from "../../src/db/schema.js";
import { topicsPerClient } from "../../src/engine/topics-command.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { ChatUser, createHarness, prompts, seedPractice } from "../helpers/harness.js";
import { allAlerts, triggerRows } from "../helpers/safety.js";

type Key = Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1];
const en = (key: Key, values = {}) => prompts().messages.t("en", key, values);

/** A client who has answered a check-in up to its note and written one. */
function wroteNote(settings: Parameters<typeof enrolledClient>[1] = {}, note = "Something I want to say, later.") {
  const h = createHarness();
  const { seeded, user } = enrolledClient(h, settings);
  h.engine.startCheckin(seeded.clientId);
  for (const label of ["4", "4", "4", "4"]) user.pressLabel(label);
  user.text(note);
  const messages = user.read();
  return { h, seeded, user, messages };
}

const noteRow = (h: ReturnType<typeof createHarness>) =>
  h.handle.db
    .select()
    .from(answers)
    .all()
    .find((a) => a.text !== null);
const audits = (h: ReturnType<typeof createHarness>) =>
  h.handle.db
    .select()
    .from(auditLog)
    .all()
    .filter((a) => a.action.startsWith("sharing."));

describe("a note's own sharing", () => {
  it("asks under each note, naming the client's usual choice, one row of four buttons", () => {
    const { messages } = wroteNote({ settings: { noteSharing: "next_session" } });
    const question = messages.find((m) => m.text.startsWith("Who should see this note?"));
    expect(question?.text).toBe(en("sharing.note_question", { current: en("sharing.notes_next_session") }));
    expect([...(question?.buttons.keys() ?? [])]).toEqual([
      en("sharing.note_now"),
      en("sharing.note_next_session"),
      en("sharing.note_private"),
      en("sharing.note_later"),
    ]);
    expect(question?.payload.kind === "message" && question.payload.choices?.length).toBe(1);
  });

  it("keeps the note for the next session: its words become a topic, the note itself stays with the client", () => {
    const note = "I want to talk about how the last session ended.";
    const { h, seeded, user, messages } = wroteNote({}, note);
    user.pressLabel(en("sharing.note_later"), messages);
    const after = user.read();
    expect(after[0]?.text.endsWith(en("checkin.answered", { answer: en("sharing.note_chosen_later") }))).toBe(true);
    expect(after.some((m) => m.text.includes(en("topics.kept")) && m.buttons.size > 0)).toBe(true);
    expect(noteRow(h)?.sharing).toBe("private");
    const kept = h.handle.db.select().from(topics).all();
    expect(kept).toMatchObject([{ clientId: seeded.clientId, text: note, release: "before_session" }]);
    expect(audits(h).map((a) => a.detail)).toContainEqual(expect.objectContaining({ sharing: "private" }));
    // Its buttons are spent: a second press keeps nothing twice.
    user.pressLabel(en("sharing.note_later"), messages);
    expect(h.handle.db.select().from(topics).all()).toHaveLength(1);
  });

  it("with the topics list full, says so and leaves the note and its buttons as they were", () => {
    const { h, seeded, user, messages } = wroteNote();
    for (let i = 1; i <= topicsPerClient; i++) {
      insertTopic(
        h.handle.db,
        { clientId: seeded.clientId, text: `topic ${i}`, release: "before_session" },
        new Date(),
      );
    }
    user.pressLabel(en("sharing.note_later"), messages);
    expect(user.read().map((m) => m.text)).toEqual([en("topics.too_many", { max: topicsPerClient })]);
    expect(noteRow(h)?.sharing).toBeNull();
    expect(h.handle.db.select().from(topics).all()).toHaveLength(topicsPerClient);
    expect(audits(h)).toEqual([]);
    // The row still works for another choice.
    user.pressLabel(en("sharing.note_private"), messages);
    expect(noteRow(h)?.sharing).toBe("private");
  });

  for (const [label, sharing] of [
    ["sharing.note_now", "now"],
    ["sharing.note_next_session", "next_session"],
    ["sharing.note_private", "private"],
  ] as const) {
    it(`"${en(label)}" sets the note's sharing to ${sharing}, shows it on the message and audits it`, () => {
      const { h, user, messages } = wroteNote();
      expect(noteRow(h)?.sharing).toBeNull();
      const question = messages.find((m) => m.buttons.has(en(label)));
      user.press(question?.buttons.get(en(label)) as string);
      expect(noteRow(h)?.sharing).toBe(sharing);
      const [edit] = user.read();
      expect(edit?.payload).toMatchObject({ kind: "edit", targetOutboxId: question?.outboxId });
      expect(edit?.text).toContain(en(`sharing.note_chosen_${sharing}`));
      expect(edit?.text).not.toContain("Something I want to say");
      const [entry] = audits(h);
      expect(entry).toMatchObject({ action: "sharing.note", detail: { item: "note", sharing } });
      expect(JSON.stringify(audits(h))).not.toContain("Something I want to say");
    });
  }

  it("a second press on the same row is stale and changes nothing; another account's press is refused", () => {
    const { h, user, messages } = wroteNote();
    const buttons = ChatUser.buttonsOf(messages);
    user.press(buttons.get(en("sharing.note_private")) as string);
    user.read();
    user.press(buttons.get(en("sharing.note_now")) as string);
    expect(user.read().map((m) => m.text)).toEqual([en("checkin.stale")]);
    expect(noteRow(h)?.sharing).toBe("private");
    const stranger = new ChatUser(h, "user-2", "chat-2");
    stranger.press(buttons.get(en("sharing.note_now")) as string);
    expect(noteRow(h)?.sharing).toBe("private");
    expect(audits(h)).toHaveLength(1);
  });

  it("a skipped note gets no sharing question", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    for (const label of ["4", "4", "4", "4"]) user.pressLabel(label);
    user.pressLabel(en("checkin.skip"));
    expect(user.read().map((m) => m.text)).not.toContain(
      en("sharing.note_question", { current: en("sharing.notes_now") }),
    );
  });
});

describe("/privacy", () => {
  it("shows the client's choices with two rows of buttons, and each press changes one choice, audited", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    user.command("privacy");
    const [shown] = user.read();
    expect(shown?.text).toContain(
      en("sharing.choices", { notes: en("sharing.notes_now"), scores: en("sharing.scores_detailed") }),
    );
    expect(shown?.payload.kind === "message" && shown.payload.choices?.map((r) => r.length)).toEqual([3, 2]);

    user.press(shown?.buttons.get(en("sharing.button_notes_private")) as string);
    expect(user.read().at(-1)?.text).toBe(en("sharing.changed_notes", { choice: en("sharing.notes_private") }));
    user.command("privacy");
    user.pressLabel(en("sharing.button_scores_overall"));
    expect(user.read().at(-1)?.text).toBe(en("sharing.changed_scores", { choice: en("sharing.scores_overall") }));
    const row = h.handle.db.select().from(clients).get();
    expect([row?.noteSharing, row?.scoreDetail]).toEqual(["private", "overall"]);
    expect(audits(h).map((a) => [a.actor, a.action, a.subject, a.detail])).toEqual([
      [`client:${seeded.clientId}`, "sharing.notes_default", `client:${seeded.clientId}`, { sharing: "private" }],
      [`client:${seeded.clientId}`, "sharing.scores", `client:${seeded.clientId}`, { detail: "overall" }],
    ]);

    // The next note names the new default.
    h.engine.startCheckin(seeded.clientId);
    for (const label of ["4", "4", "4", "4"]) user.pressLabel(label);
    user.text("A note");
    expect(user.read().map((m) => m.text)).toContain(
      en("sharing.note_question", { current: en("sharing.notes_private") }),
    );
  });

  it("an unknown key on a privacy set changes nothing", () => {
    const h = createHarness();
    const { user } = enrolledClient(h);
    user.command("privacy");
    const data = user.read()[0]?.buttons.get(en("sharing.button_notes_private")) as string;
    user.press(`${data.split(".")[0]}.zzz`);
    expect(user.read().map((m) => m.text)).toEqual([en("checkin.stale")]);
    expect(h.handle.db.select().from(clients).get()?.noteSharing).toBeNull();
    expect(audits(h)).toEqual([]);
  });

  it("a stopped client gets the explanation alone, without buttons", () => {
    const h = createHarness();
    const { user } = enrolledClient(h);
    user.command("stop");
    user.read();
    user.command("privacy");
    const [shown] = user.read();
    expect(shown?.text).toBe(en("commands.privacy", { retention_days: 365 }));
    expect(shown?.buttons.size).toBe(0);
  });
});

describe("the consent", () => {
  it("names the practice's default for notes and /privacy", () => {
    for (const [sharing, locale] of [
      ["private", "en"],
      ["next_session", "sv"],
      ["now", "zh"],
    ] as const) {
      const h = createHarness();
      const { code } = seedPractice(h, { settings: { noteSharing: sharing }, locale });
      const user = new ChatUser(h);
      user.command("start", code);
      const consent = user.read().at(-1)?.text ?? "";
      expect(consent).toContain(prompts().messages.t(locale, `sharing.notes_${sharing}`));
      expect(consent).toContain("/privacy");
    }
  });
});

describe("risk wins over sharing", () => {
  it("a note with risk words from a client who keeps notes private still alerts with its words, and no sharing question buries the crisis reply", () => {
    const words = "some days I think about ending my life";
    const { h, messages } = wroteNote({ settings: { noteSharing: "private" } }, words);
    const replies = messages.map((m) => m.text);
    expect(replies.some((r) => r.includes("This chat is not monitored in real time"))).toBe(true);
    expect(replies.some((r) => r.startsWith("Who should see this note?"))).toBe(false);
    const [alert] = allAlerts(h);
    expect(triggerRows(h, alert?.id as number).map((t) => t.text)).toContain(words);
  });
});
