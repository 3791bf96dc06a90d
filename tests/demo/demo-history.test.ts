/**
 * The demo's synthetic history: a fresh demo's summary (what `/summary` builds) shows several DEMO
 * clients with trends over weeks, a bond that drops, a client gone quiet, a ceiling run, a repair and
 * the therapist's ratings beside the client's, last week's acknowledged risk alert; the console
 * demo's own client still checks in beside it; a second start adds nothing; no alias looks like a
 * name; and nothing is queued for anyone, also once the minute jobs have run over it.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { nameLikeReason } from "../../src/admin/name-like-alias.js";
import type { Db } from "../../src/db/connection.js";
import {
  alerts,
  answers,
  clients,
  consents,
  identities,
  occurrences,
  outbox,
  sessions,
  therapistRatings,
  topics,
} from "../../src/db/schema.js";
import { demoCheckin } from "../../src/demo/demo-checkin.js";
import { demoHistoryWeeks } from "../../src/demo/demo-history.js";
import { demoCheckinDue, demoNames, ensureDemo } from "../../src/demo/demo-practice.js";
import { summaryBlocks } from "../../src/insights/render/blocks.js";
import { renderChatParts } from "../../src/insights/render/chat.js";
import { summaryWords } from "../../src/insights/render/summary-text.js";
import { lastCompleteWeek, summariseWeek } from "../../src/insights/summarise.js";
import type { ClientWeek, WeeklySummary } from "../../src/insights/weekly-summary.js";
import { shiftWeek, weekContaining } from "../../src/insights/weeks.js";
import { ratingsTick } from "../../src/ratings/ratings-job.js";
import { escalateDue } from "../../src/safety/escalation.js";
import { sendDueFollowUps } from "../../src/safety/follow-up.js";
import { sessionsTick } from "../../src/sessions/sessions-job.js";
import { topicsTick } from "../../src/topics/topics-job.js";
import { ChatUser, createHarness, prompts, schedulerOn } from "../helpers/harness.js";

const zone = "Europe/Stockholm";
/** A Wednesday afternoon in Stockholm: the week so far holds most clients' latest session. */
const wednesday = new Date("2026-12-09T14:00:00Z");
/** Monday 08:30 in Stockholm: the week has only just begun. */
const mondayMorning = new Date("2026-12-07T07:30:00Z");
const therapistChat = { platformUserId: "console-therapist", chatId: "console-therapist" };

function freshDemo(now: Date) {
  const h = createHarness();
  h.clock.set(now);
  const demo = ensureDemo(h.handle.db, now, therapistChat, { history: true });
  const therapistId = (
    h.handle.db.select().from(clients).where(eq(clients.id, demo.clientId)).get() as { therapistId: number }
  ).therapistId;
  const summary = (week = weekContaining(now, zone)) =>
    summariseWeek(h.handle.db, prompts(), therapistId, week, now) as WeeklySummary;
  return { h, db: h.handle.db, demo, therapistId, summary };
}

const client = (summary: WeeklySummary, alias: string) => {
  const found = summary.clients.find((c) => c.alias === alias);
  if (!found) throw new Error(`${alias} is not in the summary`);
  return found;
};
const kinds = (c: ClientWeek) => c.flags.map((f) => f.kind);

function rowCounts(db: Db) {
  return Object.fromEntries(
    Object.entries({
      clients,
      consents,
      identities,
      occurrences,
      answers,
      sessions,
      therapistRatings,
      topics,
      outbox,
      alerts,
    }).map(([name, table]) => [name, db.select().from(table).all().length]),
  );
}

describe("the demo's synthetic history", () => {
  it("gives the demo therapist's summary several clients with trends, flags, notes and ratings", () => {
    const { summary } = freshDemo(wednesday);
    const week = summary();
    const aliases = week.clients.map((c) => c.alias).sort();
    expect(aliases).toEqual([
      "DEMO Alder-3",
      "DEMO Birch-2",
      "DEMO Elm-4",
      "DEMO Oak-1",
      "DEMO Spruce-5",
      demoNames.client,
    ]);
    expect(week.headline.needingAttention).toBe(3);

    const birch = client(week, "DEMO Birch-2");
    expect(kinds(birch)).toEqual(expect.arrayContaining(["low", "drop", "below_baseline", "disagreement"]));
    expect(birch.flags.find((f) => f.kind === "drop")?.numbers).toMatchObject({
      item: "understood",
      itemFrom: 4,
      itemTo: 2,
    });
    // The trend reads four sessions, each answered, and the bond falls in the last.
    expect(birch.trendBasis).toBe("sessions");
    expect(birch.trends.bond?.values).toHaveLength(4);
    expect(birch.trends.bond?.values.every((v) => v !== null)).toBe(true);
    expect(birch.trends.bond?.arrow).toBe("↓");
    expect(birch.notes.map((n) => n.text)).toEqual([
      expect.stringMatching(/^DEMO: The end of the last session felt rushed/),
    ]);
    expect(birch.sides[0]?.therapist).toEqual({ safety: 4, bond: 4, work: 4 });

    const alder = client(week, "DEMO Alder-3");
    expect(kinds(alder)).toEqual(["quiet"]);
    expect(alder.flags[0]?.numbers.count).toBe(3);

    const elm = client(week, "DEMO Elm-4");
    expect(kinds(elm)).toEqual(["disagreement", "ceiling"]);

    const spruce = client(week, "DEMO Spruce-5");
    expect(kinds(spruce)).toEqual(["repaired"]);
    expect(spruce.topics.map((t) => t.text)).toEqual(["DEMO: I want to talk about how I handle conflict at work."]);

    const oak = client(week, "DEMO Oak-1");
    expect(kinds(oak)).toEqual([]);
    // Twelve weeks of the chart, each with a point: a steady line, not one dot.
    expect(new Set(oak.chart.map((p) => p.weekStart)).size).toBe(12);
    expect(oak.heldBack.private).toBe(false);
    expect(oak.topics).toEqual([{ at: expect.any(Date), text: null }]);

    const text = renderChatParts(summaryBlocks(week, summaryWords(prompts(), "en", zone)), 4000).join("\n");
    expect(text).toContain("3 of 6 clients need attention");
    expect(text).toContain("Gone quiet: 3 check-ins in a row");
    expect(text).toMatch(/Drop: overall 4 → 3, Bond 4 → 2/);
    expect(text).toContain("Top score on every question");
  });

  it("shows last week's risk alert as acknowledged, and nothing of a private note but that it exists", () => {
    const { db, summary } = freshDemo(wednesday);
    const lastWeek = summary(lastCompleteWeek(wednesday, zone));
    const spruce = client(lastWeek, "DEMO Spruce-5");
    expect(spruce.flags[0]).toMatchObject({ kind: "risk", numbers: { state: "acknowledged" } });
    expect(lastWeek.clients[0]?.alias).toBe("DEMO Spruce-5");
    expect(db.select().from(alerts).all()).toEqual([
      expect.objectContaining({ kind: "risk", escalateAt: null, acknowledgedBy: expect.stringMatching(/^therapist:/) }),
    ]);
    // The week two weeks back holds Oak-1's private note.
    const twoWeeksBack = summary(shiftWeek(lastCompleteWeek(wednesday, zone), -1, zone));
    const oak = client(twoWeeksBack, "DEMO Oak-1");
    expect(oak.heldBack.private).toBe(true);
    expect(JSON.stringify(twoWeeksBack)).not.toContain("kept to themselves");
  });

  it("leaves the console demo's own flow as it was: the demo client checks in and appears beside the history", () => {
    const { h, demo, summary } = freshDemo(wednesday);
    const user = new ChatUser(h, "console-user", "console-user");
    user.command("start", demo.inviteCode as string);
    user.pressLabel(prompts().messages.t("en", "consent.accept"));
    // The demo practice starts a check-in on consent, as in the console.
    for (let i = 0; i < 4; i++) user.pressLabel("4");
    user.pressLabel("No");
    user.text("DEMO live note");
    expect(demoCheckinDue(h.handle.db, demo, "console-user")).toBe(true);
    const week = summary();
    expect(client(week, demoNames.client)).toMatchObject({ sent: 1, answered: 1 });
    expect(week.clients).toHaveLength(6);

    const therapist = new ChatUser(h, therapistChat.platformUserId, therapistChat.chatId);
    therapist.command("summary");
    const shown = therapist
      .read()
      .map((m) => m.text)
      .join("\n");
    expect(shown).toContain("Demo client · answered 1/1");
    expect(shown).toContain("DEMO Birch-2 · answered 1/1");
  });

  it("still shows a rupture and a quiet client when the week has only just begun, and last week in full", () => {
    const { summary } = freshDemo(mondayMorning);
    const thisWeek = summary();
    expect(kinds(client(thisWeek, "DEMO Birch-2"))).toContain("unrepaired");
    expect(kinds(client(thisWeek, "DEMO Alder-3"))).toContain("quiet");
    // Last week's summary is the one that arrives in the therapist's chat on start.
    const lastWeek = summary(lastCompleteWeek(mondayMorning, zone));
    expect(kinds(client(lastWeek, "DEMO Birch-2"))).toEqual(expect.arrayContaining(["low", "drop"]));
    expect(lastWeek.headline.answered).toBeGreaterThanOrEqual(4);
  });

  it("is written once, the same every time, and leaves the console demo client alone", () => {
    const first = freshDemo(wednesday);
    const before = rowCounts(first.db);
    expect(before.clients).toBe(6);
    expect(before.sessions).toBe(5 * demoHistoryWeeks);
    expect(before.alerts).toBe(1);
    ensureDemo(first.db, wednesday, therapistChat, { history: true });
    ensureDemo(first.db, new Date(wednesday.getTime() + 86_400_000), therapistChat, { history: true });
    ensureDemo(first.db, wednesday, therapistChat);
    expect(rowCounts(first.db)).toEqual(before);

    const again = freshDemo(wednesday);
    const values = (db: Db) =>
      db.select({ item: answers.itemId, value: answers.value, at: answers.answeredAt }).from(answers).all();
    expect(values(again.db)).toEqual(values(first.db));

    expect(first.db.select().from(occurrences).where(eq(occurrences.clientId, first.demo.clientId)).all()).toEqual([]);
    expect(first.db.select().from(sessions).where(eq(sessions.clientId, first.demo.clientId)).all()).toEqual([]);
    expect(first.db.select().from(occurrences).where(eq(occurrences.status, "open")).all()).toEqual([]);
  });

  it("uses aliases only, none of them name-like, each labelled DEMO", () => {
    const { db } = freshDemo(wednesday);
    const aliases = db
      .select({ alias: clients.alias })
      .from(clients)
      .all()
      .map((c) => c.alias);
    for (const alias of aliases) {
      expect(nameLikeReason(alias), alias).toBeUndefined();
      expect(alias.toUpperCase().startsWith("DEMO"), alias).toBe(true);
    }
  });

  it("queues nothing for anyone, also after the minute jobs have run", () => {
    const { h, db } = freshDemo(wednesday);
    const settled = () =>
      db
        .select()
        .from(outbox)
        .all()
        .every(
          (row) => row.platform === "console" && row.status === "sent" && row.dedupeKey.startsWith("demo-history:"),
        );
    // Only the quiet client's unanswered check-ins carry a row: the mark that they reached the client.
    expect(db.select().from(outbox).all()).toHaveLength(3);
    expect(settled()).toBe(true);

    const now = h.clock.now();
    sessionsTick(db, now);
    expect(ratingsTick(db, prompts(), now).asked).toBe(0);
    topicsTick(db, prompts(), now);
    schedulerOn(db, h.clock).tick();
    expect(escalateDue(db, prompts(), now).escalated).toBe(0);
    expect(sendDueFollowUps(db, prompts(), now)).toBe(0);
    expect(db.select().from(outbox).all()).toHaveLength(3);
    expect(settled()).toBe(true);
  });

  it("answers the items of the shipped check-in, at their current versions", () => {
    const definition = prompts().checkins.get(demoCheckin.id);
    expect(definition?.version).toBe(demoCheckin.version);
    const versions = new Map(definition?.items.map((item) => [item.id, item.version]));
    for (const item of [...demoCheckin.alliance, demoCheckin.risk, demoCheckin.note]) {
      expect(versions.get(item.id), item.id).toBe(item.version);
    }
    const alliance = definition?.items.filter(
      (item) => item.kind === "choice" && "dimension" in item && item.dimension,
    );
    expect(alliance?.map((item) => item.id)).toEqual(demoCheckin.alliance.map((item) => item.id));
  });
});
