/**
 * The check-in conversation: one question at a time, answers stored with item ids and versions,
 * typed answers understood or re-asked once, stale and foreign presses ignored, notes kept.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { createIdentity } from "../../src/db/repos/identities.js";
import { createClient } from "../../src/db/repos/people.js";
import { alerts, answers, occurrences } from "../../src/db/schema.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { ChatUser, createHarness, prompts } from "../helpers/harness.js";

const en = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1], values = {}) =>
  prompts().messages.t("en", key, values);

const alliance = ["safe_to_say", "understood", "worked_on_what_matters", "way_of_working"];

function answerRows(h: ReturnType<typeof createHarness>) {
  return h.handle.db.select().from(answers).orderBy(answers.id).all();
}

describe("a check-in", () => {
  it("asks one question at a time and stores every answer with item id and version", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h, { settings: { riskItem: true } });
    expect(h.engine.startCheckin(seeded.clientId)).toMatchObject({ status: "started" });
    let messages = user.read();
    // The intro leads the first question in one message.
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toMatch(new RegExp(`^${en("checkin.intro")}\n\nIn our last session, I felt safe`));
    expect([...(messages[0]?.buttons.keys() ?? [])]).toEqual(["1", "2", "3", "4", "5"]);

    for (const label of ["5", "4", "3", "2"]) {
      user.pressLabel(label, messages);
      messages = user.read();
    }
    expect(messages.at(-1)?.text).toContain("Since your last check-in, have you had thoughts of harming yourself");
    user.pressLabel("No", messages);
    messages = user.read();
    expect(messages.at(-1)?.text).toContain("anything you'd like your therapist to know");
    user.text("  The last session was hard but useful.  ");
    // The note gets its row of sharing buttons, then the thanks.
    expect(user.read().map((m) => m.text)).toEqual([
      en("sharing.note_question", { current: en("sharing.notes_now") }),
      en("checkin.thanks"),
    ]);

    const stored = answerRows(h).map((a) => [a.itemId, a.itemVersion, a.value, a.text]);
    expect(stored).toEqual([
      ["safe_to_say", 1, 5, null],
      ["understood", 2, 4, null],
      ["worked_on_what_matters", 2, 3, null],
      ["way_of_working", 2, 2, null],
      ["risk", 2, 0, null],
      ["note", 1, null, "The last session was hard but useful."],
    ]);
    expect(h.handle.db.select().from(occurrences).get()?.status).toBe("completed");
    expect(h.handle.db.select().from(alerts).all()).toHaveLength(0);
  });

  it("leaves the risk question out unless the practice turns it on", () => {
    const h = createHarness();
    const { seeded } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    expect(h.handle.db.select().from(occurrences).get()?.itemIds).toEqual([...alliance, "note"]);
  });

  it("edits the answered question to show the answer, so its buttons are gone", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    const asked = user.read();
    const question = asked[0];
    user.pressLabel("4", asked);
    const [edit] = user.read();
    expect(edit?.payload).toEqual({
      kind: "edit",
      targetOutboxId: question?.outboxId,
      text: `${question?.text}\n✓ 4 · mostly`,
    });
  });

  it("shows a typed answer on the question as a press does, so its buttons are gone", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    const [question] = user.read();
    user.text("mostly");
    let messages = user.read();
    expect(messages[0]?.payload).toEqual({
      kind: "edit",
      targetOutboxId: question?.outboxId,
      text: `${question?.text}\n✓ 4 · mostly`,
    });
    expect(messages[1]?.text).toContain("I felt I could trust my therapist");
    // The note is not copied into an edit: it stays only where the client wrote it.
    for (const label of ["4", "4", "4"]) {
      user.pressLabel(label, messages);
      messages = user.read();
    }
    user.text("A private note");
    expect(user.read().map((m) => m.payload.kind)).toEqual(["message", "message"]);
  });

  it("accepts unambiguous typed answers and re-asks unclear ones once", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    user.read();
    user.text("٤");
    user.read();
    user.text("4/5");
    user.read();
    user.text("sort of");
    const reasked = user.read();
    expect(reasked[0]?.text).toBe(en("checkin.reask"));
    expect(reasked[1]?.buttons.size).toBe(5);
    user.text("hmm");
    expect(user.read().map((m) => m.text)).toEqual([en("checkin.use_buttons")]);
    user.text("completely");
    user.read();
    expect(answerRows(h).map((a) => a.value)).toEqual([4, 4, 5]);
  });

  it("ignores a double tap and a press on an old question", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    const first = user.read();
    const four = first[0]?.buttons.get("4") as string;
    const two = first[0]?.buttons.get("2") as string;
    user.press(four);
    user.read();
    user.press(four);
    expect(user.read().map((m) => m.text)).toEqual([en("checkin.stale")]);
    user.press(two);
    expect(user.read().map((m) => m.text)).toEqual([en("checkin.stale")]);
    expect(answerRows(h).map((a) => [a.itemId, a.value])).toEqual([["safe_to_say", 4]]);
  });

  it("refuses a press from an account the buttons were not sent to", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    const other = createClient(
      h.handle.db,
      {
        practiceId: seeded.practiceId,
        therapistId: seeded.therapistId,
        alias: "B",
        locale: "en",
        checkinId: "alliance-safety",
      },
      h.clock.now(),
    );
    createIdentity(
      h.handle.db,
      { platform: "console", platformUserId: "user-2", chatId: "chat-2", clientId: other.id },
      h.clock.now(),
    );
    h.engine.startCheckin(seeded.clientId);
    const data = user.read()[0]?.buttons.get("1") as string;
    const intruder = new ChatUser(h, "user-2", "chat-2");
    intruder.press(data);
    expect(intruder.read().map((m) => m.text)).toEqual([en("checkin.not_yours")]);
    expect(answerRows(h)).toHaveLength(0);
  });

  it.each([["not-button-data"], ["abcdefghij.9"], [""], ["x".repeat(256)]])(
    "answers forged button data %j as stale",
    (data) => {
      const h = createHarness();
      const { seeded, user } = enrolledClient(h);
      h.engine.startCheckin(seeded.clientId);
      user.read();
      user.press(data);
      expect(user.read().map((m) => m.text)).toEqual([en("checkin.stale")]);
      expect(answerRows(h)).toHaveLength(0);
    },
  );

  it("keeps a note within the limit, refuses a longer one without losing the question, and can skip", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    user.read();
    for (const n of ["1", "2", "3", "4"]) user.text(n);
    const noteQuestion = user.read();
    user.text("x".repeat(2001));
    expect(user.read().map((m) => m.text)).toEqual([en("checkin.note_too_long", { max: 2000 })]);
    expect(answerRows(h)).toHaveLength(4);
    user.pressLabel("Skip", noteQuestion);
    const done = user.read();
    expect(done.at(-1)?.text).toBe(en("checkin.thanks"));
    expect(answerRows(h).at(-1)).toMatchObject({ itemId: "note", skipped: true, text: null });
  });

  it("supersedes an open check-in when a new one starts, keeping its answers", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    user.read();
    user.text("3");
    h.engine.startCheckin(seeded.clientId, { idempotencyKey: "second" });
    const rows = h.handle.db.select().from(occurrences).orderBy(occurrences.id).all();
    expect(rows.map((r) => r.status)).toEqual(["superseded", "open"]);
    expect(answerRows(h)).toHaveLength(1);
  });

  it("starts a check-in once per idempotency key", () => {
    const h = createHarness();
    const { seeded } = enrolledClient(h);
    expect(h.engine.startCheckin(seeded.clientId, { idempotencyKey: "k" }).status).toBe("started");
    expect(h.engine.startCheckin(seeded.clientId, { idempotencyKey: "k" }).status).toBe("duplicate");
    expect(h.handle.db.select().from(occurrences).all()).toHaveLength(1);
  });

  it("sends nothing to a client who has not consented", () => {
    const h = createHarness();
    const { seeded } = enrolledClient(h);
    h.handle.sqlite.prepare("update clients set status = 'invited'").run();
    expect(h.engine.startCheckin(seeded.clientId)).toEqual({ status: "skipped", reason: "client_not_active" });
  });

  it("tells a client with no open check-in that none is open", () => {
    const h = createHarness();
    const { user } = enrolledClient(h);
    user.text("4");
    expect(user.read().map((m) => m.text)).toEqual([en("checkin.none_open")]);
    expect(answerRows(h)).toHaveLength(0);
  });

  it("answers a risk 'yes' with crisis resources, opens one alert, and tells a linked therapist", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h, {
      settings: { riskItem: true, crisisResources: [{ name: "Crisis line", contact: "0000", verified: false }] },
    });
    const therapist = new ChatUser(h, "therapist-1", "therapist-chat");
    therapist.command("start", seeded.therapistCode);
    therapist.read();
    h.engine.startCheckin(seeded.clientId);
    user.read();
    for (const n of ["4", "4", "4", "4"]) user.text(n);
    user.read();
    user.text("yes");
    // The first message is the crisis reply (the edit showing the "yes" on the question is no message).
    const replies = user
      .read()
      .filter((m) => m.payload.kind === "message")
      .map((m) => m.text);
    expect(replies[0]).toContain("This chat is not monitored in real time");
    expect(replies[0]).toContain("• Crisis line: 0000");
    expect(replies[0]).toContain("local emergency number");
    const alert = h.handle.db.select().from(alerts).get();
    expect(alert).toMatchObject({
      kind: "risk",
      trigger: "risk_item",
      clientId: seeded.clientId,
      acknowledgedAt: null,
    });
    const toTherapist = therapist.read().map((m) => m.text);
    expect(toTherapist).toHaveLength(1);
    expect(toTherapist[0]).toContain("Client A");
    expect(toTherapist[0]).not.toContain("0000");
  });

  it("resumes at the same question after a restart (new engine, same database file)", () => {
    const path = join(mkdtempSync(join(tmpdir(), "interlude-")), "restart.db");
    const first = createHarness(openDatabase(path));
    const { seeded, user } = enrolledClient(first);
    first.engine.startCheckin(seeded.clientId);
    user.read();
    user.text("5");
    user.text("4");
    user.read();
    first.handle.close();

    const second = createHarness(openDatabase(path), first.clock);
    const again = new ChatUser(second);
    again.command("start", "", "after-restart");
    const replies = again.read().filter((m) => m.payload.kind === "message");
    expect(replies.at(-1)?.text).toBe(
      `${en("checkin.resume")}\n\nIn our last session, we were moving towards what I want from therapy.\n1 = not at all · 5 = completely`,
    );
    // A fresh update id: the first run's ids were all processed, and replays of them must stay no-ops.
    again.press(replies.at(-1)?.buttons.get("3") as string, "after-restart-2");
    expect(answerRows(second).map((a) => [a.itemId, a.value])).toEqual([
      ["safe_to_say", 5],
      ["understood", 4],
      ["worked_on_what_matters", 3],
    ]);
    second.handle.close();
  });
});
