/**
 * The safety tick on a worker that does not hold the tick role: it replays its own risk spool (the
 * disclosures only it could not write) and leaves escalation and follow-ups to the role's holder.
 */
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { MemoryRiskSpool } from "../../src/safety/spool.js";
import { SafetyWatch } from "../../src/safety/watch.js";
import { createHarness, prompts } from "../helpers/harness.js";
import { addClinician, minutes, safetyScene } from "../helpers/safety.js";

describe("SafetyWatch", () => {
  it("with spoolOnly, replays its own spool and escalates nothing; the full tick then escalates", () => {
    const h = createHarness();
    const { client, seeded } = safetyScene(h);
    const backup = addClinician(h, seeded, "Backup-1", 1);
    const spool = new MemoryRiskSpool();
    const watch = new SafetyWatch({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger: silentLogger, spool });
    client.text("I want to kill myself");
    h.clock.advance(minutes(120));
    spool.append({
      platform: client.platform,
      platformUserId: client.platformUserId,
      updateId: "spooled-1",
      kind: "risk_text",
      at: h.clock.now().getTime() - minutes(5),
      reply: "sent",
    });

    const own = watch.tick({ spoolOnly: true });
    expect(own).toMatchObject({ recovered: 1, escalated: 0, followUps: 0, failures: 0 });
    expect(backup.read()).toHaveLength(0);

    const full = watch.tick();
    expect(full).toMatchObject({ recovered: 0, escalated: 1, failures: 0 });
    expect(backup.read()).toHaveLength(1);
  });
});
