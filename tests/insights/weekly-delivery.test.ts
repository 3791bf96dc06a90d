import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { asc, eq, like } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeClock } from "../../src/clock.js";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.js";
import { createIdentity } from "../../src/db/repos/identities.js";
import { auditLog, clients, outbox, summaries, therapists } from "../../src/db/schema.js";
import type { ChartRenderer } from "../../src/insights/charts.js";
import { WeeklyDelivery } from "../../src/insights/weekly-delivery.js";
import { silentLogger } from "../../src/logger.js";
import type { OutboundPayload } from "../../src/outbox/payload.js";
import type { Caseload } from "../helpers/caseload.js";
import { prompts } from "../helpers/harness.js";
import { mixedCaseload } from "./scene.js";

const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
const fakeRenderer: ChartRenderer = { client: async () => png, overview: async () => png };

function delivery(handle: DatabaseHandle, clock: FakeClock, renderer: ChartRenderer | undefined = fakeRenderer) {
  return new WeeklyDelivery({
    db: handle.db,
    clock,
    prompts: prompts(),
    logger: silentLogger,
    ...(renderer ? { renderer } : {}),
  });
}

function linkTherapist(c: Caseload, platform: "telegram" | "discord" = "telegram") {
  createIdentity(
    c.handle.db,
    { platform, platformUserId: "t1", chatId: "t1-chat", therapistId: c.therapistId },
    c.clock.now(),
  );
}

/** The weeks with a summary record, in the order they were recorded. */
const summaryWeeks = (handle: DatabaseHandle) =>
  handle.db
    .select()
    .from(summaries)
    .all()
    .map((s) => s.week);

const summaryRows = (handle: DatabaseHandle) =>
  handle.db.select().from(outbox).where(like(outbox.dedupeKey, "summary:%")).orderBy(asc(outbox.id)).all();

describe("the weekly summary job", () => {
  it("waits for Monday 08:00 in the therapist's zone, then queues text, overview and flagged clients' charts", async () => {
    // 06:59 UTC on Monday 23 November is 07:59 in Stockholm.
    const c = mixedCaseload({ now: new Date("2026-11-23T06:59:00Z") });
    linkTherapist(c);
    const job = delivery(c.handle, c.clock);
    // At 07:59 the last summary due was the one for W46 (sent on 16 November): that one goes out.
    await job.tick();
    expect(summaryWeeks(c.handle)).toEqual(["2026-W46"]);

    c.clock.advance(60_000);
    expect(await job.tick()).toEqual({ queued: 1, noChat: 0, failures: 0 });
    const row = c.handle.db.select().from(summaries).where(eq(summaries.week, "2026-W47")).get();
    expect(row).toMatchObject({ status: "queued", therapistId: c.therapistId });
    const rows = summaryRows(c.handle).filter((r) => r.dedupeKey.includes("2026-W47"));
    const payloads = rows.map((r) => r.payload as OutboundPayload & { kind: "message" });
    expect(payloads[0]?.text).toMatch(/^Weekly summary 2026-W47/);
    // One text part, the overview, and charts for the four clients with flags (Ash, Birch, Cedar, Elm).
    expect(payloads.map((p) => p.image?.fileName ?? "text")).toEqual([
      "text",
      "2026-W47-overview.png",
      ...[2, 1, 3, 4].map((id) => `2026-W47-client-${id}.png`),
    ]);
    expect(payloads[2]?.text).toBe("Ash-1: the last 12 weeks");
    expect(Buffer.from(payloads[1]?.image?.pngBase64 ?? "", "base64")).toEqual(Buffer.from(png));
    expect(rows.every((r) => r.chatId === "t1-chat" && r.platform === "telegram" && r.priority === 1)).toBe(true);
    expect(row?.parts).toBe(rows.length);
    const audits = c.handle.db.select().from(auditLog).where(eq(auditLog.action, "summary.queued")).all();
    expect(audits.at(-1)?.detail).toEqual({ week: "2026-W47", clients: 5, charts: 5 });
  });

  it("sends each week once however often it ticks", async () => {
    const c = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
    linkTherapist(c);
    const job = delivery(c.handle, c.clock);
    await job.tick();
    const first = summaryRows(c.handle).length;
    await Promise.all([job.tick(), job.tick(), delivery(c.handle, c.clock).tick()]);
    c.clock.advance(3 * 86_400_000);
    await job.tick();
    expect(summaryRows(c.handle)).toHaveLength(first);
    // A week later, the next week's summary.
    c.clock.advance(4 * 86_400_000);
    expect((await job.tick()).queued).toBe(1);
    expect(summaryWeeks(c.handle)).toEqual(["2026-W47", "2026-W48"]);
  });

  it("records a therapist without a reachable chat once, and queues nothing", async () => {
    const c = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
    const job = delivery(c.handle, c.clock);
    expect(await job.tick()).toEqual({ queued: 0, noChat: 1, failures: 0 });
    expect(await job.tick()).toEqual({ queued: 0, noChat: 0, failures: 0 });
    expect(summaryRows(c.handle)).toEqual([]);
    expect(c.handle.db.select().from(summaries).get()).toMatchObject({ status: "no_chat", parts: 0 });
  });

  it("still sends the text when the charts cannot be drawn", async () => {
    const c = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
    linkTherapist(c);
    const broken: ChartRenderer = {
      client: async () => png,
      overview: async () => {
        throw new Error("no fonts");
      },
    };
    await delivery(c.handle, c.clock, broken).tick();
    const payloads = summaryRows(c.handle).map((r) => r.payload as OutboundPayload & { kind: "message" });
    expect(payloads.length).toBeGreaterThan(0);
    expect(payloads.every((p) => p.image === undefined)).toBe(true);
  });

  it("uses the practice's day and time in the therapist's own zone", async () => {
    const c = mixedCaseload({
      now: new Date("2026-11-20T08:59:00Z"),
      settings: { summaryDay: "friday", summaryTime: "17:00" },
      timezone: "Asia/Shanghai",
    });
    linkTherapist(c);
    const job = delivery(c.handle, c.clock);
    await job.tick(); // 16:59 in Shanghai: last week's (W46) Friday summary
    c.clock.advance(60_000); // 17:00 in Shanghai: this week's, W47 so far
    await job.tick();
    expect(summaryWeeks(c.handle)).toEqual(["2026-W46", "2026-W47"]);
  });

  it("splits for Discord's shorter messages", async () => {
    const c = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
    linkTherapist(c, "discord");
    await delivery(c.handle, c.clock, undefined).tick();
    const texts = summaryRows(c.handle).map((r) => (r.payload as OutboundPayload).text);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(2000);
  });

  it("skips inactive therapists and therapists without clients", async () => {
    const c = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
    linkTherapist(c);
    c.addTherapist("Backup only");
    c.handle.db.update(therapists).set({ active: false }).where(eq(therapists.id, c.therapistId)).run();
    expect(await delivery(c.handle, c.clock).tick()).toEqual({ queued: 0, noChat: 0, failures: 0 });
  });
});

describe("the weekly summary when the caseload changes while its charts are drawn", () => {
  /** A renderer whose overview waits until `during` has run, as a slow drawing would. */
  function slowRenderer(during: () => void): ChartRenderer {
    return {
      client: async () => png,
      overview: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        during();
        return png;
      },
    };
  }

  it("queues nothing for a client moved away meanwhile, and the next tick sends the summary without them", async () => {
    const c = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
    linkTherapist(c);
    const other = c.addTherapist("T2");
    const moved = c.handle.db.select().from(clients).where(eq(clients.alias, "Ash-1")).get();
    const job = delivery(
      c.handle,
      c.clock,
      slowRenderer(() => {
        c.handle.db.update(clients).set({ therapistId: other }).where(eq(clients.alias, "Ash-1")).run();
      }),
    );
    // T2, who now has the client, has no chat linked: recorded as such; T1's summary is not queued.
    expect(await job.tick()).toEqual({ queued: 0, noChat: 1, failures: 0 });
    expect(summaryRows(c.handle)).toEqual([]);
    expect(
      c.handle.db
        .select()
        .from(summaries)
        .all()
        .map((s) => s.therapistId),
    ).toEqual([other]);

    expect(await job.tick()).toEqual({ queued: 1, noChat: 0, failures: 0 });
    const texts = summaryRows(c.handle).map((r) => JSON.stringify(r.payload));
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.some((text) => text.includes("Ash-1") || text.includes(`client-${moved?.id}.png`))).toBe(false);
    expect(texts.some((text) => text.includes("Birch"))).toBe(true);
  });

  it("queues nothing for a therapist deactivated meanwhile, then or later", async () => {
    const c = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
    linkTherapist(c);
    const job = delivery(
      c.handle,
      c.clock,
      slowRenderer(() => {
        c.handle.db.update(therapists).set({ active: false }).where(eq(therapists.id, c.therapistId)).run();
      }),
    );
    expect(await job.tick()).toEqual({ queued: 0, noChat: 0, failures: 0 });
    expect(await job.tick()).toEqual({ queued: 0, noChat: 0, failures: 0 });
    expect(summaryRows(c.handle)).toEqual([]);
  });
});

describe("the weekly summary across a crash", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function runWorker(env: Record<string, string>, killOn?: string): Promise<string> {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", resolve(import.meta.dirname, "../fakes/summary-worker.ts")],
      {
        env: { PATH: process.env.PATH ?? "", ...env },
      },
    );
    let out = "";
    return new Promise((done, fail) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (killOn && out.includes(killOn)) child.kill("SIGKILL");
      });
      child.stderr.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.on("exit", () => done(out));
      child.on("error", fail);
    });
  }

  it("a process killed while drawing leaves nothing behind, and the next start sends the summary once", async () => {
    dir = mkdtempSync(join(tmpdir(), "interlude-summary-"));
    const path = join(dir, "interlude.db");
    const seed = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
    linkTherapist(seed);
    await seed.handle.sqlite.backup(path);
    seed.handle.close();
    const env = { WORKER_DB: path, WORKER_NOW: "2026-11-23T08:00:00Z" };

    const killed = await runWorker({ ...env, WORKER_HANG: "1" }, "drawing");
    expect(killed).toContain("drawing");
    let db = openDatabase(path);
    expect(summaryRows(db)).toEqual([]);
    expect(db.db.select().from(summaries).all()).toEqual([]);
    db.close();

    expect(await runWorker(env)).toContain('report {"queued":1');
    expect(await runWorker(env)).toContain('report {"queued":0');
    db = openDatabase(path);
    const rows = summaryRows(db);
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(rows.length);
    expect(db.db.select().from(summaries).all()).toHaveLength(1);
    db.close();
  }, 60_000);
});
