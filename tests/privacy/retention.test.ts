/**
 * Retention on a fake clock: a practice keeping 30 days, with check-ins, notes, risk alerts and
 * messages from 40 days ago next to recent ones. What is older goes; what is newer, open check-ins and
 * everything an open risk alert rests on stay; a second run finds nothing; a dry run changes nothing
 * and predicts the real run exactly; the job does real work once a day.
 */
import { eq, inArray } from "drizzle-orm";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE } from "../../src/clock.js";
import {
  alertNotifications,
  answers,
  auditLog,
  choiceSets,
  occurrences,
  outbox,
  processedUpdates,
} from "../../src/db/schema.js";
import { silentLogger } from "../../src/logger.js";
import { outboundPayloadSchema } from "../../src/outbox/payload.js";
import { runRetention } from "../../src/privacy/retention.js";
import { RetentionJob } from "../../src/privacy/retention-job.js";
import { purgedPayload } from "../../src/privacy/retention-rules.js";
import { MemoryRiskSpool } from "../../src/safety/spool.js";
import { snapshot } from "../helpers/cli.js";
import { type ChatUser, createHarness, type Harness, prompts } from "../helpers/harness.js";
import { recordCheckin } from "../helpers/history.js";
import { allAlerts, minutes, safetyScene, triggerRows } from "../helpers/safety.js";

const en = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) => prompts().messages.t("en", key);

/** Marks every queued message as delivered now, as the dispatcher would. */
function deliverAll(h: Harness): void {
  h.handle.sqlite
    .prepare("update outbox set status = 'sent', sent_at = ?, platform_message_id = id where status <> 'sent'")
    .run(h.clock.now().getTime());
}

/** Answers the running check-in: four scale items, the risk question, then a note. */
function answerCheckin(client: ChatUser, risk: "Yes" | "No", note: string): void {
  let messages = client.read();
  for (const label of ["5", "4", "3", "2"]) {
    client.pressLabel(label, messages);
    messages = client.read();
  }
  client.pressLabel(risk, messages);
  client.text(note);
  client.read();
}

const retentionDays = 30;

/**
 * Day 0: a plain check-in (C1); a check-in whose risk answer opened alert A1, risk words typed after
 * it, then A1 acknowledged, its follow-up answered with a note. Day 2: a check-in whose risk answer opened A2, never acknowledged,
 * plus risk words typed afterwards. Day 3: a check-in left open with one answer. Day 39: recent
 * traffic. Day 40 is "now": the cut-off is day 10. Also check-ins closed a minute either side of it.
 */
function scene() {
  const h = createHarness();
  const { seeded, client, therapist, watch } = safetyScene(h, { settings: { retentionDays } });
  const spool = new MemoryRiskSpool();
  const start = h.clock.now().getTime();

  h.engine.startCheckin(seeded.clientId);
  answerCheckin(client, "No", "old note from C1");
  h.clock.advance(HOUR);
  h.engine.startCheckin(seeded.clientId);
  answerCheckin(client, "Yes", "old note from C2");
  const a1 = allAlerts(h)[0]?.id as number;
  client.text("I want to kill myself, said on day 0");
  therapist.command("ack", String(a1));
  h.clock.advance(DAY);
  watch.tick();
  client.pressLabel(en("follow_up.not_yet"), client.read());
  client.text("old follow-up note");
  deliverAll(h);

  h.clock.set(new Date(start + 2 * DAY));
  h.engine.startCheckin(seeded.clientId);
  answerCheckin(client, "Yes", "old note from C3");
  client.text("I want to kill myself");
  const a2 = allAlerts(h).find((a) => a.id !== a1)?.id as number;
  h.clock.set(new Date(start + 3 * DAY));
  h.engine.startCheckin(seeded.clientId);
  client.pressLabel("4", client.read());
  deliverAll(h);

  // Replay markers: one whose spool entry is still waiting (kept), one long replayed (dropped).
  const db = h.handle.db;
  const old = new Date(start);
  db.insert(processedUpdates).values({ platform: "console", updateId: "spool:waiting", processedAt: old }).run();
  db.insert(processedUpdates).values({ platform: "console", updateId: "spool:replayed", processedAt: old }).run();
  spool.append({ platform: "console", platformUserId: "user-1", updateId: "waiting", kind: "risk_text", at: start });
  h.handle.sqlite
    .prepare(
      "insert into enrolment_attempts values ('telegram', 'guesser-old', 3, ?, null), ('telegram', 'guesser-new', 1, ?, null)",
    )
    .run(start, start + 40 * DAY - MINUTE);
  // A message to someone who never linked: it belongs to no practice.
  h.handle.sqlite
    .prepare(
      "insert into outbox (platform, chat_id, payload, priority, status, next_attempt_at, dedupe_key, created_at, sent_at) values ('console', 'stranger', ?, 0, 'sent', ?, 'stranger-1', ?, ?)",
    )
    .run(JSON.stringify({ kind: "message", text: "unlinked reply" }), start, start, start);

  h.clock.set(new Date(start + 39 * DAY));
  client.command("help");
  deliverAll(h);
  const recent = recordCheckin(db, seeded.clientId, h.clock.now(), [4, 4, 4, 4], { note: "recent note" });

  const now = new Date(start + 40 * DAY);
  h.clock.set(now);
  const cutoff = now.getTime() - retentionDays * DAY;
  const justOutside = recordCheckin(db, seeded.clientId, new Date(cutoff - MINUTE), [3, 3, 3, 3], {
    note: "note outside",
  });
  const justInside = recordCheckin(db, seeded.clientId, new Date(cutoff + MINUTE), [3, 3, 3, 3], {
    note: "note inside",
  });

  const checkins = db.select().from(occurrences).orderBy(occurrences.id).all();
  const [c1, c2, c3, c4] = checkins.map((o) => o.id) as [number, number, number, number];
  expect(checkins.slice(0, 4).map((o) => o.status)).toEqual(["completed", "completed", "completed", "open"]);
  return { h, seeded, client, spool, ids: { c1, c2, c3, c4, a1, a2, recent, justOutside, justInside }, cutoff };
}

function answersOf(h: Harness, occurrenceId: number) {
  return h.handle.db.select().from(answers).where(eq(answers.occurrenceId, occurrenceId)).orderBy(answers.id).all();
}

function occurrenceIds(h: Harness): number[] {
  return h.handle.db
    .select({ id: occurrences.id })
    .from(occurrences)
    .all()
    .map((o) => o.id);
}

/** Everything but the audit log, which each real run appends to. */
function data(h: Harness) {
  const { audit_log: _audit, ...rest } = snapshot(h.handle);
  return rest;
}

/** What belongs to practices: not the housekeeping tables, which age on their own short clocks. */
function practiceData(h: Harness) {
  const { processed_updates: _updates, enrolment_attempts: _attempts, ...rest } = data(h);
  return rest;
}

describe("retention", () => {
  it("purges what is older than the period and keeps the rest, open check-ins and open risk alerts whole", () => {
    const { h, spool, ids, cutoff } = scene();
    const a2Notices = h.handle.db.select().from(alertNotifications).where(eq(alertNotifications.alertId, ids.a2)).all();
    const a2Outbox = a2Notices.map((n) => n.outboxId).filter((id): id is number => id !== null);
    expect(a2Outbox.length).toBeGreaterThan(0);
    const a2Payloads = h.handle.db.select().from(outbox).where(inArray(outbox.id, a2Outbox)).all();
    const notificationsBefore = h.handle.db.select().from(alertNotifications).all().length;

    const report = runRetention(h.handle.db, { now: h.clock.now(), actor: "system", spool });
    expect(report.failures).toEqual([]);

    const left = occurrenceIds(h);
    // C1 and the check-in closed a minute too early are gone, answers and all.
    expect(left).not.toContain(ids.c1);
    expect(left).not.toContain(ids.justOutside);
    expect(answersOf(h, ids.c1)).toEqual([]);
    expect(answersOf(h, ids.justOutside)).toEqual([]);
    // C2 raised the acknowledged A1: an empty shell stays so the alert still says which check-in it was.
    expect(left).toContain(ids.c2);
    expect(answersOf(h, ids.c2)).toEqual([]);
    // C3 raised A2, still open: every answer stays, the note included.
    expect(answersOf(h, ids.c3).map((a) => a.text ?? a.value)).toEqual([5, 4, 3, 2, 1, "old note from C3"]);
    // C4 is still open: untouched, with its answer and its buttons (still pressable).
    expect(h.handle.db.select().from(occurrences).where(eq(occurrences.id, ids.c4)).get()?.status).toBe("open");
    expect(answersOf(h, ids.c4)).toHaveLength(1);
    const c4Buttons = h.handle.db.select().from(choiceSets).where(eq(choiceSets.occurrenceId, ids.c4)).all();
    expect(c4Buttons.length).toBeGreaterThan(0);
    for (const set of c4Buttons) {
      const shown = h.handle.db
        .select()
        .from(outbox)
        .where(eq(outbox.id, set.outboxId as number))
        .get();
      expect(shown?.payload).not.toEqual(purgedPayload);
    }
    // Inside the period: kept.
    expect(answersOf(h, ids.justInside)).toHaveLength(5);
    expect(answersOf(h, ids.recent).find((a) => a.itemId === "note")?.text).toBe("recent note");
    // No button set of a purged check-in is left behind.
    expect(
      h.handle.db
        .select()
        .from(choiceSets)
        .where(inArray(choiceSets.occurrenceId, [ids.c1, ids.c2]))
        .all(),
    ).toEqual([]);

    // A1 is kept as a record with its texts blanked; A2 keeps everything.
    const [a1, a2] = [ids.a1, ids.a2].map((id) => allAlerts(h).find((a) => a.id === id));
    expect(a1).toMatchObject({ kind: "risk", followUpAnswer: "not_yet", followUpNote: null });
    expect(a1?.acknowledgedAt).not.toBeNull();
    expect(triggerRows(h, ids.a1).map((t) => [t.kind, t.text])).toEqual([
      ["risk_item", null],
      ["risk_text", null],
    ]);
    expect(a2).toMatchObject({ acknowledgedAt: null });
    expect(triggerRows(h, ids.a2).map((t) => [t.kind, t.text])).toEqual([
      ["risk_item", null],
      ["risk_text", "I want to kill myself"],
    ]);
    expect(h.handle.db.select().from(alertNotifications).all()).toHaveLength(notificationsBefore);
    expect(h.handle.db.select().from(outbox).where(inArray(outbox.id, a2Outbox)).all()).toEqual(a2Payloads);

    // Old messages keep their row (ids, times, status) with a placeholder text; recent ones are intact.
    const rows = h.handle.db.select().from(outbox).all();
    for (const row of rows) expect(outboundPayloadSchema.safeParse(row.payload).success).toBe(true);
    const old = rows.filter((r) => (r.sentAt?.getTime() ?? 0) < cutoff && !a2Outbox.includes(r.id));
    const keptForC4 = new Set(c4Buttons.map((s) => s.outboxId));
    expect(
      old.filter((r) => !keptForC4.has(r.id)).every((r) => JSON.stringify(r.payload) === JSON.stringify(purgedPayload)),
    ).toBe(true);
    expect(rows.find((r) => r.chatId === "stranger")?.payload).toEqual(purgedPayload);
    const recent = rows.filter((r) => (r.sentAt?.getTime() ?? 0) >= cutoff);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.some((r) => JSON.stringify(r.payload) === JSON.stringify(purgedPayload))).toBe(false);
    expect(JSON.stringify(rows)).not.toMatch(/old note|old follow-up note/);

    // Housekeeping: old update ids go, except the marker of an entry still in the spool.
    const updates = h.handle.db.select().from(processedUpdates).all();
    expect(updates.map((u) => u.updateId)).toContain("spool:waiting");
    expect(updates.map((u) => u.updateId)).not.toContain("spool:replayed");
    expect(updates.every((u) => u.updateId === "spool:waiting" || u.processedAt.getTime() > cutoff)).toBe(true);
    const attempts = h.handle.sqlite.prepare("select platform_user_id from enrolment_attempts").pluck().all();
    expect(attempts).toEqual(["guesser-new"]);

    expect(h.handle.sqlite.pragma("foreign_key_check")).toEqual([]);
    expect(JSON.stringify(snapshot(h.handle))).not.toMatch(
      /from C1|from C2|old follow-up note|note outside|said on day 0/,
    );
  });

  it("audits each run with counts per table and no content; a second run finds nothing", () => {
    const { h, spool } = scene();
    const first = runRetention(h.handle.db, { now: h.clock.now(), actor: "system", spool });
    const counts = first.practices[0]?.counts;
    expect(counts?.answers).toBeGreaterThan(0);
    expect(counts?.occurrences).toBe(2);
    expect(counts?.outboxPayloads).toBeGreaterThan(0);
    expect(counts?.alertTriggerTexts).toBe(1);
    expect(counts?.followUpNotes).toBe(1);
    expect(first.housekeeping).toMatchObject({ enrolmentAttempts: 1, unattributedOutboxPayloads: 1 });

    const entries = h.handle.db.select().from(auditLog).where(eq(auditLog.action, "retention.purged")).all();
    expect(entries.map((e) => [e.actor, e.subject])).toEqual([
      ["system", `practice:${first.practices[0]?.practiceId}`],
      ["system", "retention"],
    ]);
    expect(entries[0]?.detail).toMatchObject({ retentionDays, ...counts });
    expect(entries[1]?.detail).toMatchObject({ practices: 1, answers: counts?.answers, enrolmentAttempts: 1 });
    expect(JSON.stringify(entries)).not.toMatch(/note|kill/);

    const afterFirst = data(h);
    const second = runRetention(h.handle.db, { now: h.clock.now(), actor: "system", spool });
    expect(Object.values(second.practices[0]?.counts ?? {}).every((n) => n === 0)).toBe(true);
    expect(Object.values(second.housekeeping ?? {}).every((n) => n === 0)).toBe(true);
    expect(data(h)).toEqual(afterFirst);
  });

  it("dry run: changes nothing at all, and counts exactly what the real run then purges", () => {
    const { h, spool } = scene();
    const before = snapshot(h.handle);
    const dry = runRetention(h.handle.db, { now: h.clock.now(), actor: "cli", dryRun: true, spool });
    expect(snapshot(h.handle)).toEqual(before);
    const real = runRetention(h.handle.db, { now: h.clock.now(), actor: "cli", spool });
    expect(dry.practices[0]?.counts.answers).toBeGreaterThan(0);
    expect({ ...dry, dryRun: false }).toEqual(real);
  });

  it("keeps everything while it is younger than the period", () => {
    const { h, spool } = scene();
    h.clock.set(new Date(h.clock.now().getTime() - 38 * DAY));
    const before = practiceData(h);
    const report = runRetention(h.handle.db, { now: h.clock.now(), actor: "system", spool });
    expect(report.practices[0]?.counts).toEqual({
      choiceSets: 0,
      answers: 0,
      occurrences: 0,
      outboxPayloads: 0,
      alertTriggerTexts: 0,
      followUpNotes: 0,
      therapistRatings: 0,
      topics: 0,
      sessions: 0,
    });
    expect(practiceData(h)).toEqual(before);
  });

  it("limits a run to one practice when asked, leaving the others and the housekeeping", () => {
    const { h, spool, seeded } = scene();
    const other = runRetention(h.handle.db, {
      now: h.clock.now(),
      actor: "cli",
      practiceId: seeded.practiceId + 1,
      spool,
    });
    expect(other).toMatchObject({ practices: [], housekeeping: null });
    const own = runRetention(h.handle.db, { now: h.clock.now(), actor: "cli", practiceId: seeded.practiceId, spool });
    expect(own.practices[0]?.counts.answers).toBeGreaterThan(0);
    expect(own.housekeeping).toBeNull();
    expect(h.handle.sqlite.prepare("select count(*) from enrolment_attempts").pluck().get()).toBe(2);
    // A one-practice run is not the daily run: the job still runs today.
    const job = new RetentionJob({ db: h.handle.db, clock: h.clock, logger: silentLogger, spool });
    expect(job.tick()).toBeDefined();
  });
});

describe("the daily retention job", () => {
  it("does real work at most once a day, across restarts and runs from the CLI", () => {
    const { h, spool } = scene();
    const job = () => new RetentionJob({ db: h.handle.db, clock: h.clock, logger: silentLogger, spool });
    const ticking = job();
    expect(ticking.tick()?.practices[0]?.counts.answers).toBeGreaterThan(0);
    h.clock.advance(DAY - MINUTE);
    expect(ticking.tick()).toBeUndefined();
    // A restart reads the last run from the audit log.
    expect(job().tick()).toBeUndefined();
    // A full run from the CLI counts as the day's run too.
    runRetention(h.handle.db, { now: h.clock.now(), actor: "cli", spool });
    h.clock.advance(MINUTE);
    expect(ticking.tick()).toBeUndefined();
    h.clock.advance(DAY - MINUTE);
    expect(ticking.tick()).toBeDefined();
    const runs = h.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, "retention"))
      .all()
      .map((e) => e.actor);
    expect(runs).toEqual(["system", "cli", "system"]);
  });

  it("never throws into the tick, and retries a failed run an hour later, not every minute", () => {
    const h = createHarness();
    const lines: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void lines.push(line) });
    const job = new RetentionJob({ db: h.handle.db, clock: h.clock, logger, spool: new MemoryRiskSpool() });
    h.handle.close();
    expect(job.tick()).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("retention failed");
    h.clock.advance(minutes(59));
    expect(job.tick()).toBeUndefined();
    expect(lines).toHaveLength(1);
    h.clock.advance(minutes(1));
    job.tick();
    expect(lines).toHaveLength(2);
  });
});
