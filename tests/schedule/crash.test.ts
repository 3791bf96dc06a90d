/**
 * kill -9 during a burst: 500 clients due at once, a worker process ticking and sending, killed at
 * random points and restarted. Every slot ends up with exactly one occurrence, every first question is
 * delivered, and duplicates are at most one per kill (the documented "claimed but not marked sent").
 * Run twice: with a calendar schedule, and with a schedule timed to sessions (each client's session
 * just over an hour ago, "after each session +1h"), whose check-ins must also keep their session.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { createIdentity } from "../../src/db/repos/identities.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { saveCursor, setSchedule } from "../../src/db/repos/schedules.js";
import { insertSession } from "../../src/db/repos/sessions.js";
import { occurrences, outbox } from "../../src/db/schema.js";
import { scheduleInputSchema } from "../../src/schedule/spec.js";

import { startWorker } from "../helpers/worker.js";

const clientCount = 500;

type Form = "calendar" | "session";

function seed(path: string, form: Form): void {
  const { db, close } = openDatabase(path);
  const now = new Date();
  // A slot one minute ago, in UTC, for every client: all due at the first tick.
  const slotWall = DateTime.fromJSDate(new Date(now.getTime() - 60_000), { zone: "UTC" });
  db.transaction((tx) => {
    const practice = createPractice(tx, { name: "Crash test", timezone: "UTC", locale: "en" }, now);
    const therapist = createTherapist(tx, { practiceId: practice.id, alias: "T" }, now);
    const schedule = setSchedule(
      tx,
      { practiceId: practice.id },
      scheduleInputSchema.parse({
        spec: form === "calendar" ? `daily at ${slotWall.toFormat("HH:mm")}` : "after each session +1h",
      }),
      now,
      slotWall.toISODate() as string,
    );
    for (let i = 0; i < clientCount; i++) {
      const client = createClient(
        tx,
        {
          practiceId: practice.id,
          therapistId: therapist.id,
          alias: `c${i}`,
          locale: "en",
          checkinId: "alliance-safety",
        },
        now,
      );
      tx.run(`update clients set status = 'active' where id = ${client.id}` as never);
      createIdentity(
        tx,
        { platform: "console", platformUserId: `u${i}`, chatId: `chat${i}`, clientId: client.id },
        now,
      );
      // The session slot: a 50-minute session that ended an hour before the slot.
      const session =
        form === "session"
          ? insertSession(
              tx,
              {
                clientId: client.id,
                startsAt: slotWall.minus({ minutes: 110 }).toJSDate(),
                durationMinutes: 50,
                localDate: slotWall.minus({ minutes: 110 }).toISODate() as string,
                localTime: slotWall.minus({ minutes: 110 }).toFormat("HH:mm"),
                timezone: "UTC",
                source: "cli",
                status: "held",
              },
              now,
            )
          : undefined;
      saveCursor(tx, {
        clientId: client.id,
        scheduleId: schedule.id,
        slot: session ? `s:${session.id}` : slotWall.toFormat("yyyy-MM-dd'T'HH:mm"),
        timezone: "UTC",
        jitterMinutes: 0,
        dueAt: slotWall.startOf("minute").toJSDate(),
      });
    }
  });
  close();
}

describe.each(["calendar", "session"] as const)("crash during a burst (%s schedule)", (form) => {
  it("sends every due slot, loses nothing, and duplicates at most one message per kill", async () => {
    const dir = mkdtempSync(join(tmpdir(), "interlude-crash-"));
    const env = { WORKER_DB: join(dir, "crash.db"), WORKER_LOG: join(dir, "sent.log") };
    writeFileSync(env.WORKER_LOG, "");
    seed(env.WORKER_DB, form);

    let kills = 0;
    const deliveredAtKill: number[] = [];
    const deliveredSoFar = () => readFileSync(env.WORKER_LOG, "utf8").split("\n").filter(Boolean).length;
    for (let run = 0; run < 12; run++) {
      const { child, done } = startWorker("tests/fakes/scheduler-worker.ts", env);
      if (run < 3) {
        // Kill in the middle of the burst: once this run has delivered a random few more messages.
        const target = (run + 1) * 120 + Math.floor(Math.random() * 60);
        const deadline = Date.now() + 30_000;
        while (deliveredSoFar() < target && child.exitCode === null && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 5));
        }
        if (child.exitCode === null) {
          child.kill("SIGKILL");
          kills += 1;
          await done;
          deliveredAtKill.push(deliveredSoFar());
        }
      }
      const out = await done;
      if (out.includes("idle") && run >= 3) break;
    }

    // The test only means something if a kill landed in the middle of the burst.
    expect(deliveredAtKill.some((n) => n > 0 && n < clientCount)).toBe(true);

    const { db, close } = openDatabase(env.WORKER_DB);
    const rows = db.select().from(occurrences).all();
    const unsent = db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.status !== "sent");
    close();
    expect(rows).toHaveLength(clientCount);
    expect(new Set(rows.map((r) => r.clientId)).size).toBe(clientCount);
    expect(rows.every((r) => r.status === "open")).toBe(true);
    if (form === "session") {
      expect(rows.every((r) => r.sessionId !== null && r.idempotencyKey.startsWith("session:"))).toBe(true);
    }
    expect(unsent).toHaveLength(0);

    const delivered = readFileSync(env.WORKER_LOG, "utf8").trim().split("\n");
    const unique = new Set(delivered);
    expect(unique.size).toBe(clientCount);
    expect(delivered.length - unique.size).toBeLessThanOrEqual(kills);
  }, 120_000);
});
