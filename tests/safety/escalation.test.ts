/**
 * The escalation ladder on a fake clock: nothing before the window, then rank 1, rank 2, then
 * everyone again each window, until a clinician acknowledges; unreachable rungs are passed at once.
 */
import { describe, expect, it } from "vitest";
import { createHarness, prompts } from "../helpers/harness.js";
import { addClinician, allAlerts, auditActions, minutes, safetyScene } from "../helpers/safety.js";

describe("escalation", () => {
  it("climbs the ladder each window until someone acknowledges", () => {
    const h = createHarness();
    const { client, therapist, seeded, watch } = safetyScene(h);
    const first = addClinician(h, seeded, "Backup-1", 1);
    const second = addClinician(h, seeded, "Backup-2", 2);
    client.text("I want to kill myself");
    const id = allAlerts(h)[0]?.id as number;
    therapist.read();

    h.clock.advance(minutes(119));
    expect(watch.tick().escalated).toBe(0);
    expect(first.read()).toHaveLength(0);

    h.clock.advance(minutes(1));
    expect(watch.tick().escalated).toBe(1);
    const toFirst = first.read().map((m) => m.text);
    expect(toFirst).toHaveLength(1);
    expect(toFirst[0]).toContain(`Escalated risk alert ${id}`);
    expect(toFirst[0]).toContain("Client A (client of T1)");
    expect(toFirst[0]).toContain("for 120 minutes");
    expect(second.read()).toHaveLength(0);

    h.clock.advance(minutes(120));
    watch.tick();
    expect(second.read()).toHaveLength(1);
    expect(first.read()).toHaveLength(0);

    // Past the last rung: everyone on the ladder, the therapist included, every window.
    h.clock.advance(minutes(120));
    watch.tick();
    expect([therapist.read().length, first.read().length, second.read().length]).toEqual([1, 1, 1]);
    expect(allAlerts(h)[0]?.escalationLevel).toBe(3);

    // The backup it reached may acknowledge; everyone else told hears who did.
    second.command("ack", String(id));
    expect(second.read().at(-1)?.text).toContain("acknowledged");
    expect(therapist.read().at(-1)?.text).toContain("acknowledged by Backup-2");
    h.clock.advance(minutes(600));
    expect(watch.tick().escalated).toBe(0);
    expect(first.read().filter((m) => m.text.includes("Escalated"))).toHaveLength(0);
    expect(auditActions(h, `alert:${id}`).filter((a) => a === "risk.escalated")).toHaveLength(3);
  });

  it("a backup sees and may acknowledge only alerts escalated to them", () => {
    const h = createHarness();
    const { client, seeded, watch } = safetyScene(h);
    const backup = addClinician(h, seeded, "Backup-1", 1);
    client.text("I want to kill myself");
    const id = allAlerts(h)[0]?.id as number;
    backup.command("ack", String(id));
    expect(backup.read().at(-1)?.text).toBe(prompts().messages.t("en", "clinician.ack_unknown", { alert: id }));
    h.clock.advance(minutes(120));
    watch.tick();
    backup.read();
    backup.command("alerts");
    expect(backup.read().at(-1)?.text).toContain(`#${id} · Client A`);
  });

  it("escalates at once when the therapist has no linked chat, skipping unreachable backups", () => {
    const h = createHarness();
    const { client, seeded } = safetyScene(h, { linkTherapist: false });
    addClinician(h, seeded, "Backup-away", 1, false);
    const reachable = addClinician(h, seeded, "Backup-2", 2);
    client.text("I want to kill myself");
    expect(reachable.read().map((m) => m.text)[0]).toContain("Escalated risk alert");
    const alert = allAlerts(h)[0];
    expect(alert?.escalationLevel).toBe(2);
    expect(auditActions(h, `alert:${alert?.id}`)).toEqual(
      expect.arrayContaining(["alert.clinician_unreachable", "risk.escalated"]),
    );
  });

  it("with no backup at all, keeps telling the therapist each window", () => {
    const h = createHarness();
    const { client, therapist, watch } = safetyScene(h, { settings: { escalateAfterMinutes: 30 } });
    client.text("I want to kill myself");
    therapist.read();
    for (let i = 0; i < 3; i += 1) {
      h.clock.advance(minutes(30));
      watch.tick();
    }
    expect(therapist.read().filter((m) => m.text.includes("Escalated"))).toHaveLength(3);
  });

  it("records, and reports, an alert nobody at all can be told about", () => {
    const h = createHarness();
    const { client, watch } = safetyScene(h, { linkTherapist: false });
    client.text("I want to kill myself");
    // Nobody was told, so the client is not told that someone was.
    const reply = client.read()[0]?.text ?? "";
    expect(reply).toContain(prompts().messages.t("en", "crisis.will_tell"));
    expect(reply).not.toContain("I've let your therapist know");
    const alert = allAlerts(h)[0];
    expect(auditActions(h, `alert:${alert?.id}`)).toContain("risk.nobody_reachable");
    h.clock.advance(minutes(120));
    expect(watch.tick().nobodyReachable).toBe(1);
  });
});
