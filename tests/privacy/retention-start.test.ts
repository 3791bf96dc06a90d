/**
 * Retention wired into `npm start`: the minute tick that runs at start-up purges a year-old check-in,
 * audited as the system; a restart the same day does not run it again.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { DAY } from "../../src/clock.js";
import { openDatabase } from "../../src/db/connection.js";
import { createClient, createPractice, createTherapist } from "../../src/db/repos/people.js";
import { recordCheckin } from "../helpers/history.js";
import { InterludeProcess } from "../helpers/process.js";

function retentionRuns(dbPath: string): { actor: string; detail: string }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare("select actor, detail from audit_log where action = 'retention.purged' and subject = 'retention'")
      .all() as { actor: string; detail: string }[];
  } finally {
    db.close();
  }
}

async function until<T>(read: () => T, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("retention in the running process", () => {
  it("runs from the start-up tick, and not again after a restart the same day", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "interlude-retention-")), "interlude.db");
    // The process runs on the system clock, so the history is dated from the real now.
    const now = new Date();
    const handle = openDatabase(dbPath);
    const practice = createPractice(handle.db, { name: "Practice", timezone: "Europe/Stockholm", locale: "en" }, now);
    const therapist = createTherapist(handle.db, { practiceId: practice.id, alias: "T1" }, now);
    const client = createClient(
      handle.db,
      { practiceId: practice.id, therapistId: therapist.id, alias: "Oak", locale: "en", checkinId: "alliance-safety" },
      now,
    );
    recordCheckin(handle.db, client.id, new Date(now.getTime() - 400 * DAY), [4, 4, 4, 4], { note: "long ago" });
    handle.close();

    const first = new InterludeProcess({ INTERLUDE_DB: dbPath });
    await first.waitFor("[1] I agree");
    const runs = await until(
      () => retentionRuns(dbPath),
      (r) => r.length > 0,
    );
    expect(runs.map((r) => r.actor)).toEqual(["system"]);
    expect(JSON.parse(runs[0]?.detail as string)).toMatchObject({ answers: 5, occurrences: 1 });
    first.child.kill("SIGTERM");
    await first.exited;

    const second = new InterludeProcess({ INTERLUDE_DB: dbPath });
    await second.waitFor("I agree");
    // Give the start-up tick time to have run (it runs before the demo's prompt is answered).
    await new Promise((r) => setTimeout(r, 1_000));
    second.child.kill("SIGTERM");
    await second.exited;
    expect(retentionRuns(dbPath)).toHaveLength(1);
  });
});
