import { describe, expect, it } from "vitest";
import { getTherapist } from "../../src/db/repos/people.js";
import { auditLog } from "../../src/db/schema.js";
import { cli, setUp, snapshot } from "../helpers/cli.js";

describe("cli therapist admin", () => {
  it("makes a therapist a practice administrator and back, audited each time", async () => {
    const c = cli();
    const { therapistId } = await setUp(c);
    expect(getTherapist(c.handle.db, therapistId)?.admin).toBe(false);
    expect(await c.json("therapist", "admin", String(therapistId), "--on")).toEqual({ therapistId, admin: true });
    expect(getTherapist(c.handle.db, therapistId)?.admin).toBe(true);
    expect((await c.run("therapist", "list")).out[0]).toMatch(/\tadministrator$/);
    const human = await c.run("therapist", "admin", String(therapistId), "--off");
    expect(human.out).toEqual([`Therapist ${therapistId} is no longer a practice administrator.`]);
    expect(getTherapist(c.handle.db, therapistId)?.admin).toBe(false);
    const entries = c.handle.db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.action === "therapist.admin");
    expect(entries.map((a) => [a.actor, a.subject, a.detail])).toEqual([
      ["cli", `therapist:${therapistId}`, { admin: true }],
      ["cli", `therapist:${therapistId}`, { admin: false }],
    ]);
  });

  it("needs exactly one of --on and --off and an active therapist, and changes nothing otherwise", async () => {
    const c = cli();
    const { practiceId } = await setUp(c);
    await c.json("therapist", "add", "--practice", String(practiceId), "--alias", "T2");
    await c.json("therapist", "deactivate", "2");
    const before = snapshot(c.handle);
    for (const [argv, message] of [
      [["therapist", "admin", "1"], "--on or --off: give exactly one of them"],
      [["therapist", "admin", "1", "--on", "--off"], "--on or --off: give exactly one of them"],
      [["therapist", "admin", "9", "--on"], "<therapist>: no therapist with id 9"],
      [["therapist", "admin", "2", "--on"], "<therapist>: therapist 2 is deactivated"],
      [["therapist", "admin", "x", "--on"], "<therapist>: must be a number"],
    ] as [string[], string][]) {
      const result = await c.run(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err).toContain(message);
    }
    expect(snapshot(c.handle)).toEqual(before);
  });
});
