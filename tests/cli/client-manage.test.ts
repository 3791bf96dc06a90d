import { describe, expect, it } from "vitest";
import { insertAlert } from "../../src/db/repos/alerts.js";
import { getClient, setClientStatus } from "../../src/db/repos/people.js";
import { alerts } from "../../src/db/schema.js";
import { cli, setUp, snapshot } from "../helpers/cli.js";

describe("cli client pause / resume / move / set / invite", () => {
  it("pauses and resumes an active client, and refuses the wrong state", async () => {
    const c = cli();
    const { clientId } = await setUp(c);
    const id = String(clientId);
    expect((await c.run("client", "pause", id)).err).toContain(`client ${clientId} is invited, not active`);
    setClientStatus(c.handle.db, clientId, "active");
    expect(await c.json("client", "pause", id)).toEqual({ clientId, status: "paused" });
    expect(getClient(c.handle.db, clientId)?.status).toBe("paused");
    expect((await c.run("client", "pause", id)).code).toBe(2);
    expect(await c.json("client", "resume", id)).toEqual({ clientId, status: "active" });
  });

  it("moves a client with their open alerts to a colleague in the same practice", async () => {
    const c = cli();
    const { clientId, therapistId, practiceId } = await setUp(c);
    const colleague = await c.json("therapist", "add", "--practice", String(practiceId), "--alias", "T2");
    const open = insertAlert(c.handle.db, { clientId, therapistId, kind: "risk", trigger: "risk_item" }, c.clock.now());
    const moved = await c.json("client", "move", String(clientId), "--therapist", String(colleague.therapistId));
    expect(moved).toEqual({ clientId, from: therapistId, to: colleague.therapistId, alertsHandedOver: 1 });
    expect(getClient(c.handle.db, clientId)?.therapistId).toBe(colleague.therapistId);
    expect(
      c.handle.db
        .select()
        .from(alerts)
        .all()
        .find((a) => a.id === open.id)?.therapistId,
    ).toBe(colleague.therapistId);
  });

  it("sets zone, language, region and check-in, and 'default' goes back to the practice's", async () => {
    const c = cli();
    const { clientId } = await setUp(c);
    const id = String(clientId);
    const set = await c.json("client", "set", id, "--timezone", "Asia/Shanghai", "--locale", "zh", "--region", "CN");
    expect(set).toMatchObject({ timezone: "Asia/Shanghai", locale: "zh", region: "CN", checkinId: "alliance-safety" });
    expect(await c.json("client", "set", id, "--timezone", "default", "--region", "default")).toMatchObject({
      timezone: null,
      region: null,
    });
  });

  it("gives a new invite code and the old one stops working", async () => {
    const c = cli();
    const { clientId, client } = await setUp(c);
    const again = await c.json("client", "invite", String(clientId));
    expect(again.inviteCode).not.toBe(client.inviteCode);
    const rows = c.handle.sqlite
      .prepare("select revoked_at from invites where client_id = ? order by id")
      .all(clientId) as {
      revoked_at: number | null;
    }[];
    expect(rows.map((r) => r.revoked_at !== null)).toEqual([true, false]);
  });

  it("rejects bad input with exit 2 and changes nothing", async () => {
    const c = cli();
    const { clientId, practiceId } = await setUp(c);
    const other = await c.json("practice", "init", "--name", "Other", "--timezone", "UTC");
    const stranger = await c.json("therapist", "add", "--practice", String(other.practiceId), "--alias", "TX");
    expect(practiceId).not.toBe(other.practiceId);
    const id = String(clientId);
    const before = snapshot(c.handle);
    const cases: [string[], string][] = [
      [["client", "pause", "99"], "<client>: no client with id 99"],
      [["client", "move", id, "--therapist", String(stranger.therapistId)], "in the client's practice"],
      [["client", "move", id, "--therapist", "1"], "is already theirs"],
      [["client", "set", id], "give at least one of"],
      [["client", "set", id, "--timezone", "Nowhere/Else"], "--timezone:"],
      [["client", "set", id, "--region", "Sweden"], "--region:"],
      [["client", "set", id, "--checkin", "nope"], '--checkin: no check-in named "nope"'],
      [["client", "invite", "abc"], "<client>: must be a number"],
    ];
    for (const [argv, message] of cases) {
      const result = await c.run(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err, argv.join(" ")).toContain(message);
    }
    expect(snapshot(c.handle)).toEqual(before);
  });
});
