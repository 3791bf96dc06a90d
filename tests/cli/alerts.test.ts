/**
 * `alerts list`, `alerts ack` and `therapist backup`: acknowledging on behalf of a clinician who may
 * see the alert, refusing anyone else with exit 2 and no change.
 */
import { describe, expect, it } from "vitest";
import { alerts } from "../../src/db/schema.js";
import { Engine } from "../../src/engine/engine.js";
import { silentLogger } from "../../src/logger.js";
import { cli, setUp, snapshot } from "../helpers/cli.js";
import { ChatUser, prompts } from "../helpers/harness.js";

async function withRiskAlert() {
  const c = cli();
  const ids = await setUp(c);
  const engine = new Engine({ db: c.handle.db, clock: c.clock, prompts: prompts(), logger: silentLogger });
  const user = new ChatUser({ handle: c.handle, clock: c.clock, engine });
  user.command("start", ids.client.inviteCode as string);
  user.pressLabel(prompts().messages.t("en", "consent.accept"));
  user.text("I want to kill myself");
  const alertId = c.handle.db.select().from(alerts).get()?.id as number;
  return { c, ids, alertId };
}

describe("alerts", () => {
  it("lists an open alert without the client's words, and acknowledges it for the therapist", async () => {
    const { c, ids, alertId } = await withRiskAlert();
    const listed = await c.json("alerts", "list", "--open");
    expect(listed.alerts).toMatchObject([{ alertId, kind: "risk", client: "Oak-7", acknowledgedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain("kill");
    const acked = await c.json("alerts", "ack", String(alertId), "--clinician", String(ids.therapistId));
    expect(acked).toMatchObject({ alertId, status: "acknowledged" });
    expect((await c.json("alerts", "list", "--open")).alerts).toEqual([]);
    const again = await c.run("alerts", "ack", String(alertId), "--clinician", String(ids.therapistId));
    expect(again.out.join("\n")).toContain("already acknowledged by T1");
  });

  it("refuses a clinician who may not see the alert: exit 2, nothing changed", async () => {
    const { c, ids, alertId } = await withRiskAlert();
    const other = await c.json("therapist", "add", "--practice", String(ids.practiceId), "--alias", "Other");
    const before = snapshot(c.handle);
    const refused = await c.run("alerts", "ack", String(alertId), "--clinician", String(other.therapistId));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`has no alert ${alertId}`);
    expect((await c.run("alerts", "ack", "x", "--clinician", "1")).code).toBe(2);
    expect((await c.run("alerts", "ack", String(alertId), "--clinician", "999")).code).toBe(2);
    const after = snapshot(c.handle);
    expect(after.alerts).toEqual(before.alerts);
  });

  it("makes a clinician a backup contact and removes them again", async () => {
    const c = cli();
    const ids = await setUp(c);
    expect(await c.json("therapist", "backup", String(ids.therapistId), "--rank", "2")).toEqual({
      therapistId: ids.therapistId,
      backupRank: 2,
    });
    expect((await c.json("therapist", "backup", String(ids.therapistId), "--remove")).backupRank).toBeNull();
    expect((await c.run("therapist", "backup", String(ids.therapistId), "--rank", "0")).code).toBe(2);
    expect((await c.run("therapist", "backup", "77")).code).toBe(2);
  });
});
