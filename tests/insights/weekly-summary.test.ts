import { beforeEach, describe, expect, it } from "vitest";
import { createIdentity, setUndeliverable } from "../../src/db/repos/identities.js";
import { summariseWeek } from "../../src/insights/summarise.js";
import type { ClientWeek, WeeklySummary } from "../../src/insights/weekly-summary.js";
import { weekNamed } from "../../src/insights/weeks.js";
import { type Caseload, caseload } from "../helpers/caseload.js";
import { prompts } from "../helpers/harness.js";
import { day, recordCheckin, recordUnanswered } from "../helpers/history.js";

/** W47 of 2026 is Monday 16 to Sunday 22 November. */
const w47 = (zone = "Europe/Stockholm") => weekNamed("2026-W47", zone) ?? expect.fail("no such week");

function summarise(c: Caseload, week = w47(), therapistId = c.therapistId): WeeklySummary {
  return summariseWeek(c.handle.db, prompts(), therapistId, week, c.clock.now()) ?? expect.fail("no summary");
}
const byAlias = (s: WeeklySummary, alias: string): ClientWeek =>
  s.clients.find((c) => c.alias === alias) ?? expect.fail(`${alias} missing`);
const flagKinds = (c: ClientWeek) => c.flags.map((f) => f.kind);

/** Twice a week (Monday and Thursday) from 24 August up to `until` (exclusive), all items `value`. */
function steadyHistory(c: Caseload, clientId: number, until: string, value = 4) {
  for (let d = 0; day("2026-08-24", d) < new Date(`${until}T00:00:00Z`); d += 7) {
    recordCheckin(c.handle.db, clientId, day("2026-08-24", d), [value, value, value, value]);
    const thursday = day("2026-08-24", d + 3);
    if (thursday < new Date(`${until}T00:00:00Z`))
      recordCheckin(c.handle.db, clientId, thursday, [value, value, value, value]);
  }
}

describe("the weekly summary of a mixed caseload", () => {
  let c: Caseload;
  let summary: WeeklySummary;
  const ids: Record<string, number> = {};

  beforeEach(() => {
    c = caseload();
    const db = c.handle.db;
    ids.steady = c.addClient("Steady");
    steadyHistory(c, ids.steady, "2026-11-23");

    ids.rupture = c.addClient("Rupture");
    steadyHistory(c, ids.rupture, "2026-11-19");
    recordCheckin(db, ids.rupture, day("2026-11-19", 0), [2, 2, 3, 3], { note: "I felt unheard last time." });

    ids.quiet = c.addClient("Quiet");
    steadyHistory(c, ids.quiet, "2026-11-09");
    recordUnanswered(db, ids.quiet, day("2026-11-09", 0), "missed");
    recordUnanswered(db, ids.quiet, day("2026-11-12", 0), "expired");
    recordUnanswered(db, ids.quiet, day("2026-11-16", 0), "expired");
    recordUnanswered(db, ids.quiet, day("2026-11-19", 0), "expired");

    ids.risk = c.addClient("Risk");
    steadyHistory(c, ids.risk, "2026-11-23");
    c.openRiskAlert(ids.risk, day("2026-11-20", 0));

    ids.unrepaired = c.addClient("Unrepaired");
    steadyHistory(c, ids.unrepaired, "2026-11-05");
    recordCheckin(db, ids.unrepaired, day("2026-11-05", 0), [2, 2, 2, 2]);
    recordCheckin(db, ids.unrepaired, day("2026-11-12", 0), [3, 4, 3, 4]);
    recordCheckin(db, ids.unrepaired, day("2026-11-19", 0), [3, 4, 3, 4]);

    ids.newcomer = c.addClient("Newcomer", "invited");
    summary = summarise(c);
  });

  it("puts risk first, then the others needing attention by how serious, then everyone else", () => {
    expect(summary.clients.map((x) => x.alias)).toEqual([
      "Risk",
      "Rupture",
      "Unrepaired",
      "Quiet",
      "Newcomer",
      "Steady",
    ]);
    expect(summary.headline).toMatchObject({ clients: 6, needingAttention: 4 });
  });

  it("counts check-ins sent and answered in the week (missed ones were never sent)", () => {
    expect([byAlias(summary, "Steady").sent, byAlias(summary, "Steady").answered]).toEqual([2, 2]);
    expect([byAlias(summary, "Rupture").sent, byAlias(summary, "Rupture").answered]).toEqual([2, 2]);
    expect([byAlias(summary, "Quiet").sent, byAlias(summary, "Quiet").answered]).toEqual([2, 0]);
    expect([byAlias(summary, "Newcomer").sent, byAlias(summary, "Newcomer").answered]).toEqual([0, 0]);
    expect(summary.headline).toMatchObject({ sent: 2 + 2 + 2 + 2 + 1, answered: 2 + 2 + 0 + 2 + 1 });
  });

  it("flags the rupture with its numbers and quotes the note", () => {
    const rupture = byAlias(summary, "Rupture");
    expect(flagKinds(rupture)).toEqual(["low", "drop", "below_baseline"]);
    expect(rupture.flags[1]?.numbers).toMatchObject({ from: 4, to: 2.5 });
    expect(rupture.notes.map((n) => n.text)).toEqual(["I felt unheard last time."]);
    expect(rupture.latest?.dimensions).toEqual({ safety: 2, bond: 2, goals: 3, tasks: 3 });
    expect(rupture.trends.safety?.arrow).toBe("↓");
  });

  it("carries an older rupture that was never repaired", () => {
    const unrepaired = byAlias(summary, "Unrepaired");
    expect(flagKinds(unrepaired)).toEqual(["unrepaired"]);
    expect(unrepaired.flags[0]?.at).toEqual(day("2026-11-05", 0));
  });

  it("flags three delivered, unanswered check-ins in a row as quiet, counted from the first (the missed one is not counted)", () => {
    const quiet = byAlias(summary, "Quiet");
    expect(flagKinds(quiet)).toEqual(["quiet"]);
    expect(quiet.flags[0]?.numbers).toMatchObject({ count: 3, since: day("2026-11-12", 0).toISOString() });
  });

  it("does not call a paused client quiet", () => {
    c.handle.sqlite.prepare("update clients set status = 'paused' where id = ?").run(ids.quiet);
    expect(byAlias(summarise(c), "Quiet").flags).toEqual([]);
  });

  it("shows an open risk alert as the first flag, and nothing for a steady client", () => {
    expect(flagKinds(byAlias(summary, "Risk"))).toEqual(["risk"]);
    expect(byAlias(summary, "Risk").flags[0]?.numbers).toMatchObject({ state: "open" });
    expect(byAlias(summary, "Steady").flags).toEqual([]);
    expect(byAlias(summary, "Steady").trends.bond).toMatchObject({ arrow: "→", sparkline: "▆▆▆▆" });
  });

  it("shows an acknowledged risk alert only in the week it was raised", () => {
    const old = c.openRiskAlert(ids.steady as number, day("2026-10-01", 0));
    const recent = c.openRiskAlert(ids.newcomer as number, day("2026-11-17", 0));
    for (const id of [old, recent]) {
      c.handle.sqlite
        .prepare("update alerts set acknowledged_at = ? where id = ?")
        .run(day("2026-11-18", 0).getTime(), id);
    }
    const again = summarise(c);
    expect(flagKinds(byAlias(again, "Steady"))).toEqual([]);
    expect(byAlias(again, "Newcomer").flags[0]?.numbers).toMatchObject({ state: "acknowledged" });
  });

  it("adds undeliverable when the client's only account refuses messages", () => {
    const identity = createIdentity(
      c.handle.db,
      { platform: "telegram", platformUserId: "u-steady", chatId: "c-steady", clientId: ids.steady as number },
      c.clock.now(),
    );
    setUndeliverable(c.handle.db, identity.id, true);
    expect(flagKinds(byAlias(summarise(c), "Steady"))).toEqual(["undeliverable"]);
  });

  it("draws 12 weeks of points, one per dimension and week with answers", () => {
    expect(summary.chartWeeks.map((w) => w.mondayDate)).toHaveLength(12);
    expect(summary.chartWeeks.at(-1)?.mondayDate).toBe("2026-11-16");
    expect(byAlias(summary, "Steady").chart).toHaveLength(12 * 4);
    expect(
      byAlias(summary, "Quiet")
        .chart.filter((p) => p.dimension === "safety")
        .map((p) => p.weekStart)
        .at(-1),
    ).toBe("2026-11-02");
  });
});

describe("quiet means delivered and not answered", () => {
  function quietFlag(record: (c: Caseload, id: number) => void) {
    const c = caseload();
    const id = c.addClient("Q");
    steadyHistory(c, id, "2026-11-09");
    record(c, id);
    return byAlias(summarise(c), "Q").flags.find((f) => f.kind === "quiet");
  }

  it("does not count check-ins never sent (downtime, quiet hours) or never accepted by the platform", () => {
    const flag = quietFlag((c, id) => {
      recordUnanswered(c.handle.db, id, day("2026-11-12", 0), "expired");
      for (const d of [16, 17, 18]) recordUnanswered(c.handle.db, id, day(`2026-11-${d}`, 0), "missed");
      recordUnanswered(c.handle.db, id, day("2026-11-19", 0), "expired", { delivered: false });
      recordUnanswered(c.handle.db, id, day("2026-11-20", 0), "expired", { delivered: false });
    });
    expect(flag).toBeUndefined();
  });

  it("lets never-delivered check-ins neither count nor break a run of delivered ones", () => {
    const flag = quietFlag((c, id) => {
      recordUnanswered(c.handle.db, id, day("2026-11-12", 0), "expired");
      recordUnanswered(c.handle.db, id, day("2026-11-16", 0), "missed");
      recordUnanswered(c.handle.db, id, day("2026-11-17", 0), "expired", { delivered: false });
      recordUnanswered(c.handle.db, id, day("2026-11-19", 0), "superseded");
    });
    expect(flag?.numbers).toEqual({ count: 2, since: day("2026-11-12", 0).toISOString() });
  });

  it("is ended by an answer", () => {
    const flag = quietFlag((c, id) => {
      recordUnanswered(c.handle.db, id, day("2026-11-12", 0), "expired");
      recordUnanswered(c.handle.db, id, day("2026-11-16", 0), "expired");
      recordCheckin(c.handle.db, id, day("2026-11-19", 0), [4, 4, 4, 4]);
    });
    expect(flag).toBeUndefined();
  });
});

describe("a rupture that is never repaired", () => {
  it("is no longer carried once the client has been steady at a new level for flags.unrepairedCloseAfter check-ins", () => {
    const c = caseload();
    const id = c.addClient("Settled");
    steadyHistory(c, id, "2026-10-29");
    recordCheckin(c.handle.db, id, day("2026-10-29", 0), [2, 2, 2, 2]);
    for (const at of ["2026-11-02", "2026-11-05", "2026-11-09"])
      recordCheckin(c.handle.db, id, day(at, 0), [3, 4, 3, 4]);
    expect(flagKinds(byAlias(summarise(c), "Settled"))).toEqual([]);
    c.handle.sqlite
      .prepare("update practices set settings = json_set(settings, '$.flags', json('{\"unrepairedCloseAfter\":4}'))")
      .run();
    expect(flagKinds(byAlias(summarise(c), "Settled"))).toEqual(["unrepaired"]);
  });
});

describe("weeks, zones and versions", () => {
  it("a week with no data lists the clients and flags nothing", () => {
    const c = caseload();
    const id = c.addClient("Later");
    steadyHistory(c, id, "2026-11-23");
    const july = summarise(c, weekNamed("2026-W30", "Europe/Stockholm") ?? expect.fail());
    expect(july.clients.map((x) => [x.alias, x.sent, x.answered, x.latest, x.flags])).toEqual([
      ["Later", 0, 0, undefined, []],
    ]);
    expect(july.headline).toEqual({ clients: 1, needingAttention: 0, sent: 0, answered: 0 });
  });

  it("counts a Sunday-evening answer in the therapist's own week: Stockholm's W47, Shanghai's W48", () => {
    const c = caseload();
    const shanghai = c.addTherapist("T2", { timezone: "Asia/Shanghai" });
    const id = c.addClient("Late");
    // Sunday 22 November 18:30 in Stockholm is Monday 23 November 01:30 in Shanghai.
    recordCheckin(c.handle.db, id, new Date("2026-11-22T17:30:00Z"), [4, 4, 4, 4]);
    c.handle.sqlite.prepare("update clients set therapist_id = ? where id = ?").run(shanghai, id);
    const inShanghai = summarise(c, w47("Asia/Shanghai"), shanghai);
    expect(byAlias(inShanghai, "Late").answered).toBe(0);
    const nextWeek = summarise(c, weekNamed("2026-W48", "Asia/Shanghai") ?? expect.fail(), shanghai);
    expect(byAlias(nextWeek, "Late").answered).toBe(1);
    c.handle.sqlite.prepare("update clients set therapist_id = ? where id = ?").run(c.therapistId, id);
    expect(byAlias(summarise(c), "Late").answered).toBe(1);
  });

  it("keeps one history across a reworded item and says so", () => {
    const c = caseload();
    const id = c.addClient("Reworded");
    for (let n = 0; n < 4; n++) recordCheckin(c.handle.db, id, day("2026-11-02", n * 3), [4, 5, 4, 4]);
    // "understood" was reworded (version 2): its drop from 5 to 3 is still a drop.
    recordCheckin(c.handle.db, id, day("2026-11-19", 0), [4, 3, 4, 4], { versions: [1, 2, 1, 1] });
    const client = byAlias(summarise(c), "Reworded");
    expect(client.reworded).toEqual([{ item: "understood", from: 1, to: 2 }]);
    expect(client.flags.find((f) => f.kind === "drop")?.numbers).toMatchObject({
      item: "understood",
      itemFrom: 5,
      itemTo: 3,
    });
  });

  it("leaves a stopped client out unless something happened to them in the range", () => {
    const c = caseload();
    c.addClient("Gone", "stopped");
    const recent = c.addClient("Just stopped", "stopped");
    recordCheckin(c.handle.db, recent, day("2026-11-17", 0), [4, 4, 4, 4]);
    expect(summarise(c).clients.map((x) => x.alias)).toEqual(["Just stopped"]);
  });
});
