/**
 * `npm start` end to end, as a newcomer meets it: its build step, then, with no tokens, the console
 * demo on a fresh database, consent and a check-in, kill -9 mid-check-in (resuming at the same
 * question) and a clean shutdown on SIGTERM. These run the built program, as `npm start` does.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDist, builtEntry, InterludeProcess } from "./helpers/process.js";

const SECOND_QUESTION = "In our last session, I felt I could trust my therapist.";

/** The console demo client's own answers, apart from the demo's synthetic history. */
const demoClientAnswers = `from answers join occurrences o on o.id = answers.occurrence_id
  join clients c on c.id = o.client_id where c.alias = 'Demo client'`;

describe("npm start (console demo)", () => {
  beforeAll(buildDist, 60_000);

  it("enrols the demo client, survives kill -9 mid-check-in, and resumes at the same question", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "interlude-main-")), "demo.db");
    const env = { INTERLUDE_DB: dbPath };

    const first = new InterludeProcess(env, builtEntry);
    await first.waitFor("[1] I agree");
    first.type("1");
    const asked = await first.waitFor("In our last session, I felt safe to say what really mattered to me.");
    first.type("4");
    await first.waitFor(SECOND_QUESTION, asked);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const stored = new Database(dbPath, { readonly: true });
    // `npm start` gives the demo its synthetic history (five DEMO clients); the newcomer's answers are the demo client's.
    expect(stored.prepare("select count(*) as n from clients where alias glob 'DEMO *'").get()).toEqual({ n: 5 });
    expect(stored.prepare(`select item_id, item_version, value ${demoClientAnswers}`).all()).toEqual([
      { item_id: "safe_to_say", item_version: 1, value: 4 },
    ]);
    stored.close();

    const second = new InterludeProcess(env, builtEntry);
    const resumed = await second.waitFor("Welcome back. Here's where you left off:");
    await second.waitFor(SECOND_QUESTION, resumed);
    second.type("5");
    await second.waitFor("In our last session, we were moving towards what I want from therapy.", resumed);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);

    const after = new Database(dbPath, { readonly: true });
    expect(after.prepare(`select item_id, value ${demoClientAnswers} order by answers.id`).all()).toEqual([
      { item_id: "safe_to_say", value: 4 },
      { item_id: "understood", value: 5 },
    ]);
    after.close();
  });

  it("prints each start-up warning once, for the demo's region only, and never as a JSON log line", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "interlude-main-")), "warn.db");
    const demo = new InterludeProcess({ INTERLUDE_DB: dbPath }, builtEntry);
    await demo.waitFor("[1] I agree");
    demo.child.kill("SIGTERM");
    await demo.exited;
    const { stderr } = demo;
    expect(stderr.match(/\*\*\* WARNING: practice 1 \(DEMO practice[^\n]*unverified examples/g)).toHaveLength(1);
    expect(stderr).toContain("Mind Suicide Line");
    // The demo practice is in Sweden: the examples for other countries are not its business.
    for (const elsewhere of ["Samaritans", "988", "[CN]", "[US]"]) expect(stderr).not.toContain(elsewhere);
    expect(stderr).not.toContain('"level"');
  });

  it("refuses to start with a clear message when the environment is bad", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), "interlude-main-")), "x.db");
    const bad = new InterludeProcess({ INTERLUDE_DB: dbPath, TELEGRAM_API_ROOT: "not a url" }, builtEntry);
    const { code } = await bad.exited;
    expect(code).toBe(1);
    expect(bad.stderr).toContain("environment: TELEGRAM_API_ROOT:");
  });
});
