/**
 * `audit show` and the audit of reads: filters by client, actor, action prefix, dates and count; every
 * look at the log is itself logged; and reading a client's data through the CLI leaves an entry.
 */
import { describe, expect, it } from "vitest";
import { auditLog } from "../../src/db/schema.js";
import { type Cli, cli, setUp, snapshot } from "../helpers/cli.js";

const day = 86_400_000;

/** A practice, a client added on 5 January, their timeline read on the 6th, schedule and list on the 7th. */
async function history() {
  const c = cli();
  const ids = await setUp(c);
  const other = await c.json("client", "add", "--therapist", String(ids.therapistId), "--alias", "Birch-12");
  c.clock.advance(day);
  await c.json("checkin", "timeline", "--client", String(ids.clientId));
  c.clock.advance(day);
  await c.json("schedule", "show", "--client", String(ids.clientId));
  await c.json("client", "list");
  return { c, clientId: ids.clientId, otherId: other.clientId as number };
}

type Entry = { at: string; actor: string; action: string; subject: string; detail: unknown };
async function show(c: Cli, ...filters: string[]): Promise<Entry[]> {
  return (await c.json("audit", "show", ...filters)).entries as Entry[];
}

describe("reads of client data are audited", () => {
  it("client list, checkin timeline and schedule show each leave an entry", async () => {
    const { c, clientId } = await history();
    const rows = c.handle.db.select().from(auditLog).all();
    const of = (action: string) => rows.filter((r) => r.action === action);
    expect(of("checkin.timeline_viewed")).toMatchObject([{ actor: "cli", subject: `client:${clientId}` }]);
    expect(of("schedule.viewed")).toMatchObject([{ actor: "cli", subject: `client:${clientId}` }]);
    expect(of("clients.listed")).toMatchObject([{ actor: "cli", subject: "clients", detail: { clients: 2 } }]);
  });
});

describe("audit show", () => {
  it("lists entries newest first with at, actor, action, subject and detail", async () => {
    const { c } = await history();
    const entries = await show(c);
    expect(entries[0]).toMatchObject({ actor: "cli", action: "clients.listed", subject: "clients" });
    const times = entries.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    const human = await c.run("audit", "show", "--limit", "1");
    // Shown in the practice's zone, to the minute; --json keeps ISO.
    expect(human.out).toEqual([
      expect.stringMatching(/^2026-01-07 10:00 Europe\/Stockholm\tcli\taudit.viewed\taudit\t\{/),
    ]);
  });

  it("records every look at the log, with the filters used", async () => {
    const { c, clientId } = await history();
    await show(c, "--client", String(clientId), "--action", "checkin.");
    const viewed = c.handle.db
      .select()
      .from(auditLog)
      .all()
      .filter((r) => r.action === "audit.viewed");
    expect(viewed).toMatchObject([
      { actor: "cli", subject: `client:${clientId}`, detail: { action: "checkin.", entries: 1 } },
    ]);
  });

  it("filters by client (as subject or actor), actor, action prefix, dates and count", async () => {
    const { c, clientId, otherId } = await history();
    const forClient = await show(c, "--client", String(clientId));
    expect(forClient.map((e) => e.action)).toEqual(["schedule.viewed", "checkin.timeline_viewed", "client.created"]);
    expect((await show(c, "--client", String(otherId))).map((e) => e.action)).toEqual(["client.created"]);
    const byActor = await show(c, "--actor", "client:999");
    expect(byActor).toEqual([]);
    // A prefix, not a pattern: "client." does not match "clients.listed".
    expect((await show(c, "--action", "client.")).map((e) => e.action)).toEqual(["client.created", "client.created"]);
    const onTheSixth = await show(c, "--since", "2026-01-06", "--until", "2026-01-06");
    expect(onTheSixth.map((e) => e.action)).toEqual(["checkin.timeline_viewed"]);
    const fromTime = await show(c, "--since", "2026-01-07T09:00Z", "--action", "s");
    expect(fromTime.map((e) => e.action)).toEqual(["schedule.viewed"]);
    const untilTime = await show(c, "--until", "2026-01-05T09:00:00Z", "--action", "client.created");
    expect(untilTime).toHaveLength(2);
    expect(await show(c, "--limit", "2")).toHaveLength(2);
  });

  it("takes an action prefix literally, wildcards included", async () => {
    const { c } = await history();
    expect(await show(c, "--action", "client_")).toEqual([]);
    expect(await show(c, "--action", "%")).toEqual([]);
  });

  it("refuses bad filters with exit 2 and logs nothing", async () => {
    const { c } = await history();
    const before = snapshot(c.handle);
    const bad: Array<[string[], string]> = [
      [["--since", "yesterday"], "--since: must be an ISO date"],
      [["--until", "2026-13-01"], "--until: must be an ISO date"],
      [["--since", "2026-01-07", "--until", "2026-01-06"], "--until: must be after --since"],
      [["--limit", "0"], "--limit: must be positive"],
      [["--limit", "many"], "--limit: must be a number"],
      [["--client", "x"], "--client: must be a number"],
      [["--actor", " "], "--actor: must not be empty"],
    ];
    for (const [args, message] of bad) {
      const result = await c.run("audit", "show", ...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err).toContain(message);
    }
    expect(snapshot(c.handle)).toEqual(before);
  });
});
