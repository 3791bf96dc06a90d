/**
 * Roles on a real PostgreSQL server: exactly one of several workers holds a role, and another takes it
 * over when the holder stops, is killed, has its backend terminated, or silently loses its network,
 * without two holders at any moment. Timings are short (R = 300 ms) and every wait is for a condition
 * with a generous deadline, so a slow machine makes the file slower, never wrong.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Leadership, Role } from "../../../src/db/leadership.js";
import { AdvisoryLeader } from "../../../src/db/postgres/advisory-leader.js";
import { roleLockNamespace } from "../../../src/db/postgres/role-locks.js";
import { silentLogger } from "../../../src/logger.js";
import { describePostgres, freshPostgresDatabase, type ScratchDatabase } from "../../helpers/postgres.js";
import { InterludeProcess } from "../../helpers/process.js";
import { startTcpProxy, type TcpProxy } from "../../helpers/tcp-proxy.js";

const retryMs = 300;
/** Takeover after a partition needs about 4R; everything else about R. Generous for a loaded machine. */
const eventually = { timeout: 30_000, interval: 20 };
/** Each test: a few deadlines at most, and a child process starting under tsx on a busy machine. */
const slow = 120_000;

/** Every change a watcher heard, with the monotonic time it heard it. */
function watched(leader: Leadership, role: Role = "tick"): Array<{ held: boolean; at: number }> {
  const heard: Array<{ held: boolean; at: number }> = [];
  leader.watch(role, (held) => heard.push({ held, at: performance.now() }));
  return heard;
}

/** Samples both leaders' holds() every few milliseconds; `both` counts the samples where both held. */
function sampleOverlap(a: Leadership, b: Leadership) {
  const counts = { samples: 0, both: 0 };
  const timer = setInterval(() => {
    counts.samples += 1;
    if (a.holds("tick") && b.holds("tick")) counts.both += 1;
  }, 3);
  return { counts, stop: () => clearInterval(timer) };
}

describePostgres("AdvisoryLeader on PostgreSQL", () => {
  let scratch: ScratchDatabase;
  let admin: pg.Client;
  const leaders: AdvisoryLeader[] = [];
  const cleanups: Array<() => unknown> = [];

  beforeAll(async () => {
    scratch = await freshPostgresDatabase();
    admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await Promise.all(leaders.splice(0).map((leader) => leader.stop()));
  });
  afterAll(async () => {
    await admin?.end();
    await scratch?.drop();
  });

  function leader(url = scratch.url): AdvisoryLeader {
    const made = new AdvisoryLeader({ url, logger: silentLogger, retryMs });
    leaders.push(made);
    return made;
  }

  /** The backend that holds the tick role's lock in this file's database now, if any. */
  async function tickLockHolder(): Promise<number | undefined> {
    // pg_locks lists every database's locks: other test files hold the same key in theirs.
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE d.datname = current_database() AND l.locktype = 'advisory' AND l.classid = $1 AND l.objid = 0
         AND l.granted`,
      [roleLockNamespace],
    );
    return rows[0]?.pid;
  }

  async function leaderSessions(): Promise<number> {
    const { rows } = await admin.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'interlude-leadership'",
      [scratch.name],
    );
    return Number(rows[0]?.n);
  }

  /**
   * For the claims that the second worker does *not* take the role: wait until its session is up, then
   * give it a few of its cycles to try. A slow machine gives it fewer chances, never a false failure.
   */
  async function letBothTry(sessions: number): Promise<void> {
    await vi.waitFor(async () => expect(await leaderSessions()).toBe(sessions), eventually);
    await new Promise((r) => setTimeout(r, 4 * retryMs));
  }

  /** A worker `a` holding the tick role (connected through `url`) and a worker `b` waiting for it. */
  async function holderAndWaiting(url = scratch.url) {
    const a = leader(url);
    const heardA = watched(a);
    await vi.waitFor(() => expect(a.holds("tick")).toBe(true), eventually);
    const b = leader();
    const heardB = watched(b);
    await letBothTry(2);
    expect(b.holds("tick")).toBe(false);
    return { a, heardA, b, heardB };
  }

  /** `a` heard it lost the role before `b` heard it took it, and neither heard anything else. */
  function expectHandedOver(heardA: ReturnType<typeof watched>, heardB: ReturnType<typeof watched>): void {
    expect(heardA.map((change) => change.held)).toEqual([true, false]);
    expect(heardB.map((change) => change.held)).toEqual([true]);
    expect(heardA[1]?.at).toBeLessThan(heardB[0]?.at ?? 0);
  }

  it("lets exactly one of two workers hold a role, on the lock the role names", { timeout: slow }, async () => {
    const a = leader();
    const b = leader();
    const heardA = watched(a);
    const heardB = watched(b);
    const overlap = sampleOverlap(a, b);
    cleanups.push(overlap.stop);
    await vi.waitFor(() => expect(a.holds("tick") || b.holds("tick")).toBe(true), eventually);
    await letBothTry(2);
    expect([a.holds("tick"), b.holds("tick")].filter(Boolean)).toHaveLength(1);
    expect([...heardA, ...heardB].map((change) => change.held)).toEqual([true]);
    expect(overlap.counts.both).toBe(0);
    expect(await tickLockHolder()).toBeDefined();
    // A second watcher on a role already held hears so at once; one that throws harms nobody.
    const holder = a.holds("tick") ? a : b;
    holder.watch("tick", () => {
      throw new Error("watcher broke");
    });
    const late = watched(holder);
    expect(late.map((change) => change.held)).toEqual([true]);
    expect(holder.holds("tick")).toBe(true);
  });

  it("hands the role over when its holder stops, telling the holder first", { timeout: slow }, async () => {
    const { a, heardA, b, heardB } = await holderAndWaiting();
    await a.stop();
    await a.stop();
    expect(a.holds("tick")).toBe(false);
    await vi.waitFor(() => expect(b.holds("tick")).toBe(true), eventually);
    expectHandedOver(heardA, heardB);
    // A stopped worker takes no new watchers and tries for nothing.
    const afterStop = watched(a);
    await letBothTry(1);
    expect(afterStop).toEqual([]);
  });

  it("gives the role up when the server ends the holder's session, and another takes it", {
    timeout: slow,
  }, async () => {
    const { a, heardA, b, heardB } = await holderAndWaiting();
    const pid = await tickLockHolder();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    await vi.waitFor(() => expect(b.holds("tick")).toBe(true), eventually);
    expectHandedOver(heardA, heardB);
    // The old holder reconnects and keeps trying, without taking the role from its new holder.
    await letBothTry(2);
    expect(a.holds("tick")).toBe(false);
  });

  it("hands the role over when its holder is killed with SIGKILL", { timeout: slow }, async () => {
    const worker = new InterludeProcess(
      { INTERLUDE_TEST_LEADER_URL: scratch.url, INTERLUDE_TEST_LEADER_RETRY_MS: String(retryMs) },
      ["--import", "tsx", "tests/db/postgres/workers/hold-role.ts"],
    );
    cleanups.push(() => worker.child.kill("SIGKILL"));
    await worker.waitFor("role tick: true", 0, 60_000);
    const b = leader();
    const heardB = watched(b);
    await letBothTry(2);
    expect(b.holds("tick")).toBe(false);
    worker.child.kill("SIGKILL");
    expect((await worker.exited).signal).toBe("SIGKILL");
    await vi.waitFor(() => expect(b.holds("tick")).toBe(true), eventually);
    expect(heardB.map((change) => change.held)).toEqual([true]);
  });

  describe("a silent network partition", () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      proxy = await startTcpProxy(Number(new URL(scratch.url).port));
    });
    afterAll(() => proxy?.close());

    it("makes the holder give the role up before the server frees it for another, never two at once", {
      timeout: slow,
    }, async () => {
      const viaProxy = new URL(scratch.url);
      viaProxy.port = String(proxy.port);
      const { a, heardA, b, heardB } = await holderAndWaiting(viaProxy.toString());
      const overlap = sampleOverlap(a, b);
      cleanups.push(overlap.stop);

      proxy.partition();
      await vi.waitFor(() => expect(b.holds("tick")).toBe(true), eventually);
      // Keep sampling a few cycles more: an old holder that never noticed would show up here.
      await new Promise((r) => setTimeout(r, 4 * retryMs));
      overlap.stop();
      expect(overlap.counts.samples).toBeGreaterThan(0);
      expect(overlap.counts.both).toBe(0);
      expect(a.holds("tick")).toBe(false);
      expectHandedOver(heardA, heardB);
    });
  });

  it("stops trusting its lock when its event loop stalled, before any timer could tell it", {
    timeout: slow,
  }, async () => {
    const a = leader();
    const heardA = watched(a);
    await vi.waitFor(() => expect(a.holds("tick")).toBe(true), eventually);
    // Busy for 2.5 R: the session may still be fine, but its last check is too old to vouch for it.
    const until = performance.now() + 2.5 * retryMs;
    while (performance.now() < until) {
      // deliberately blocking
    }
    expect(a.holds("tick")).toBe(false);
    // Its next cycle tells the watcher, starts a fresh session and (nobody else wanting it) retakes it.
    await vi.waitFor(() => expect(heardA.map((change) => change.held)).toEqual([true, false, true]), eventually);
    expect(a.holds("tick")).toBe(true);
  });
});

describe("AdvisoryLeader without a reachable server", () => {
  it("keeps trying without crashing, and logs the error's kind but never the URL or its password", {
    timeout: slow,
  }, async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    // A port nothing listens on (the discard port on loopback): the connection is refused.
    const a = new AdvisoryLeader({ url: "postgres://interlude:s3cret-word@127.0.0.1:9/x", logger, retryMs: 100 });
    const heard = watched(a);
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(2), eventually);
    await a.stop();
    await a.stop();
    expect(heard).toEqual([]);
    expect(a.holds("tick")).toBe(false);
    expect(lines.join("\n")).toContain("ECONNREFUSED");
    expect(lines.join("\n")).not.toMatch(/s3cret|interlude:|127\.0\.0\.1:9/);
  });
});
