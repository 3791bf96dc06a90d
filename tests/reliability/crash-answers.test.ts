/**
 * kill -9 with answers in flight: a worker process answers every client's open check-in by button and
 * drains the outbox; it is killed at random moments (some while handling events, some while sending)
 * and restarted, re-feeding what was never acknowledged. No acknowledged answer may be lost, none may
 * be stored twice, a re-delivered update must change nothing, and every message goes out at least once
 * with at most one duplicate per kill (README, outbox: "at most one duplicate, never a loss").
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { createIdentity } from "../../src/db/repos/identities.js";
import { createClient, createPractice, createTherapist, setClientStatus } from "../../src/db/repos/people.js";
import { answers, choiceSets, occurrences, outbox } from "../../src/db/schema.js";
import { Engine } from "../../src/engine/engine.js";
import type { InboundEvent } from "../../src/engine/events.js";
import { silentLogger } from "../../src/logger.js";
import { choiceDataSchema } from "../../src/outbox/payload.js";
import { prompts } from "../helpers/harness.js";

import { startWorker } from "../helpers/worker.js";

const clientCount = 30;
/** Four scale questions and the note (skipped), per the shipped alliance check-in. */
const questionsPerCheckin = 5;
const kills = 4;

/** Active clients on console, each with a check-in open and its first question not yet sent. */
function seed(path: string): void {
  const { db, close } = openDatabase(path);
  const now = new Date();
  const engine = new Engine({ db, clock: { now: () => new Date() }, prompts: prompts(), logger: silentLogger });
  const practice = createPractice(db, { name: "Crash answers", timezone: "UTC", locale: "en" }, now);
  const therapist = createTherapist(db, { practiceId: practice.id, alias: "T" }, now);
  for (let i = 0; i < clientCount; i++) {
    const client = createClient(
      db,
      {
        practiceId: practice.id,
        therapistId: therapist.id,
        alias: `c${i}`,
        locale: "en",
        checkinId: "alliance-safety",
      },
      now,
    );
    setClientStatus(db, client.id, "active");
    createIdentity(db, { platform: "console", platformUserId: `u${i}`, chatId: `chat${i}`, clientId: client.id }, now);
    expect(engine.startCheckin(client.id)).toMatchObject({ status: "started" });
  }
  close();
}

const lineCount = (path: string) => readFileSync(path, "utf8").split("\n").filter(Boolean).length;

describe("crash with answers in flight", () => {
  it("loses no acknowledged answer, stores none twice, and re-sends at most one message per kill", async () => {
    const dir = mkdtempSync(join(tmpdir(), "interlude-crash-answers-"));
    const env = {
      WORKER_DB: join(dir, "answers.db"),
      WORKER_DELIVERED: join(dir, "delivered.log"),
      WORKER_INTENTS: join(dir, "intents.log"),
      WORKER_ACKS: join(dir, "acks.log"),
    };
    for (const log of [env.WORKER_DELIVERED, env.WORKER_INTENTS, env.WORKER_ACKS]) writeFileSync(log, "");
    seed(env.WORKER_DB);

    const totalAnswers = clientCount * questionsPerCheckin;
    const outputs: string[] = [];
    const progressAtKill: number[] = [];
    for (let run = 0; run < kills; run++) {
      const { child, done } = startWorker("tests/fakes/answer-worker.ts", env);
      // Alternate what the kill waits for: acknowledged events (mid-handling) or deliveries (mid-send).
      const watched = run % 2 === 0 ? env.WORKER_ACKS : env.WORKER_DELIVERED;
      const target = lineCount(watched) + 5 + Math.floor(Math.random() * (totalAnswers / (kills + 1)));
      const deadline = Date.now() + 20_000;
      while (lineCount(watched) < target && child.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2));
      }
      expect(child.exitCode, `run ${run} finished before its kill:\n${await peek(done, child)}`).toBeNull();
      child.kill("SIGKILL");
      outputs.push(await done);
      progressAtKill.push(lineCount(env.WORKER_ACKS));
    }
    const last = startWorker("tests/fakes/answer-worker.ts", env);
    outputs.push(await last.done);
    expect(outputs.at(-1)).toContain("idle");
    // The kills meant something only if they landed before the work was done.
    expect(progressAtKill.every((n) => n < totalAnswers)).toBe(true);

    // Every update that was acknowledged before a kill and re-delivered afterwards was a no-op.
    const redelivered = outputs.join("").match(/^re-delivered .*$/gm) ?? [];
    expect(redelivered.length).toBeGreaterThan(0);
    for (const line of redelivered) expect(line).toMatch(/ duplicate$/);

    const { db, close } = openDatabase(env.WORKER_DB);
    const stored = db.select().from(answers).all();
    const sets = db.select().from(choiceSets).all();
    const open = db
      .select()
      .from(occurrences)
      .all()
      .filter((o) => o.status !== "completed");
    const rows = db.select().from(outbox).all();
    close();

    // 0 lost: every acknowledged press has its answer, on the question it was pressed for.
    const acked = new Set(readFileSync(env.WORKER_ACKS, "utf8").split("\n").filter(Boolean));
    const events = readFileSync(env.WORKER_INTENTS, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as InboundEvent);
    const answered = new Set(stored.map((a) => `${a.occurrenceId}/${a.itemId}`));
    const ackedEvents = events.filter((e) => acked.has(e.updateId));
    expect(new Set(ackedEvents.map((e) => e.updateId)).size).toBe(totalAnswers);
    for (const event of ackedEvents) {
      const data = event.payload.type === "choice" ? event.payload.data : "";
      const set = sets.find((s) => s.id === choiceDataSchema.parse(data).setId);
      expect(answered.has(`${set?.occurrenceId}/${set?.itemId}`), event.updateId).toBe(true);
    }
    // 0 duplicates, and every check-in finished.
    expect(stored).toHaveLength(answered.size);
    expect(stored).toHaveLength(totalAnswers);
    expect(open).toHaveLength(0);

    // Every row sent; each delivered at least once, and the copies are at most one per kill.
    expect(rows.filter((r) => r.status !== "sent")).toHaveLength(0);
    const delivered = readFileSync(env.WORKER_DELIVERED, "utf8").split("\n").filter(Boolean);
    const distinct = new Set(delivered);
    expect(distinct.size).toBe(rows.length);
    expect(delivered.length - distinct.size).toBeLessThanOrEqual(kills);
  }, 60_000);
});

/** What a worker printed, for a failure message, without waiting for it to exit. */
async function peek(done: Promise<string>, child: ChildProcess): Promise<string> {
  return child.exitCode === null ? "(still running)" : done;
}
