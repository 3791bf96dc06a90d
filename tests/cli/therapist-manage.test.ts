import { describe, expect, it } from "vitest";
import { getClient, getTherapist } from "../../src/db/repos/people.js";
import { cli, setUp, snapshot } from "../helpers/cli.js";

describe("cli therapist list / invite / deactivate", () => {
  it("lists therapists with their state and caseload", async () => {
    const c = cli();
    const { practiceId } = await setUp(c);
    await c.json("therapist", "add", "--practice", String(practiceId), "--alias", "T2");
    await c.json("therapist", "backup", "2", "--rank", "1");
    const list = await c.json("therapist", "list");
    expect(list.therapists).toEqual([
      {
        therapistId: 1,
        practiceId,
        alias: "T1",
        active: true,
        backupRank: null,
        admin: false,
        linkedChat: null,
        clients: 1,
      },
      {
        therapistId: 2,
        practiceId,
        alias: "T2",
        active: true,
        backupRank: 1,
        admin: false,
        linkedChat: null,
        clients: 0,
      },
    ]);
  });

  it("needs a hand-over for a therapist with clients, then moves them and takes the therapist off the ladder", async () => {
    const c = cli();
    const { practiceId, clientId } = await setUp(c);
    await c.json("therapist", "add", "--practice", String(practiceId), "--alias", "T2");
    await c.json("therapist", "backup", "1", "--rank", "1");
    const refused = await c.run("therapist", "deactivate", "1");
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("therapist 1 has 1 client(s); name the colleague");
    expect(await c.json("therapist", "deactivate", "1", "--hand-over-to", "2")).toEqual({
      therapistId: 1,
      handedOverTo: 2,
      clientsMoved: 1,
      alertsHandedOver: 0,
    });
    expect(getClient(c.handle.db, clientId)?.therapistId).toBe(2);
    expect(getTherapist(c.handle.db, 1)).toMatchObject({ active: false, backupRank: null });
    expect((await c.run("therapist", "invite", "1")).err).toContain("therapist 1 is deactivated");
    expect((await c.run("therapist", "deactivate", "1")).err).toContain("already deactivated");
  });

  it("invites again and rejects bad input with exit 2, changing nothing", async () => {
    const c = cli();
    await setUp(c);
    expect((await c.json("therapist", "invite", "1")).inviteCode).toMatch(/\S{10,}/);
    const before = snapshot(c.handle);
    for (const [argv, message] of [
      [["therapist", "invite", "9"], "<therapist>: no therapist with id 9"],
      [["therapist", "deactivate", "1", "--hand-over-to", "1"], "not an active colleague"],
      [["therapist", "deactivate", "1", "--hand-over-to", "x"], "--hand-over-to: must be a number"],
      [["therapist", "list", "--practice", "0"], "--practice: must be positive"],
    ] as [string[], string][]) {
      const result = await c.run(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err).toContain(message);
    }
    expect(snapshot(c.handle)).toEqual(before);
  });
});
