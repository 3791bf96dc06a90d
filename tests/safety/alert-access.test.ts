/**
 * Access ends when a role ends: after a client is moved, or a clinician deactivated, through the real
 * CLI commands, the former clinician has no view of the client left (/alerts, /ack, /summary ALIAS,
 * notices about new words); only the client's current therapist and the backups an alert escalated to
 * keep it. A deactivated clinician's chat is unlinked and told so once.
 */
import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deactivateTherapist } from "../../src/db/repos/people.js";
import { identities, outbox } from "../../src/db/schema.js";
import { markSent, type OutboxRow } from "../../src/outbox/queue.js";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import { reportCrisisOutcome } from "../../src/safety/crisis-delivery.js";
import { cli } from "../helpers/cli.js";
import { createHarness, prompts } from "../helpers/harness.js";
import { addClinician, allAlerts, minutes, safetyScene } from "../helpers/safety.js";

const en = (key: MessageKey, values?: Record<string, string | number>) => prompts().messages.t("en", key, values);
const texts = (messages: { text: string }[]) => messages.map((m) => m.text);
const lastText = (messages: { text: string }[]) => messages.at(-1)?.text;

describe("access to a client's alerts ends with the role", () => {
  it("a therapist from whom a client is moved loses /alerts, /ack, /summary and every later notice", async () => {
    const h = createHarness();
    const { client, therapist, seeded } = safetyScene(h);
    const colleague = addClinician(h, seeded, "T2", 0);
    client.text("I want to kill myself");
    const id = allAlerts(h)[0]?.id as number;
    therapist.read();
    await cli({}, h).json("client", "move", String(seeded.clientId), "--therapist", "2");

    therapist.command("alerts");
    expect(lastText(therapist.read())).toBe(en("clinician.alerts_none"));
    therapist.command("ack", String(id));
    expect(lastText(therapist.read())).toBe(en("clinician.ack_unknown", { alert: id }));
    therapist.command("summary", "Client A");
    expect(lastText(therapist.read())).toBe(en("summary.unknown_alias", { alias: "Client A" }));

    // Words written after the hand-over reach the new therapist only.
    client.text("I still want to die tonight");
    expect(therapist.read()).toHaveLength(0);
    therapist.command("alerts");
    expect(lastText(therapist.read())).toBe(en("clinician.alerts_none"));
    colleague.read();
    colleague.command("alerts");
    expect(lastText(colleague.read())).toContain("I still want to die tonight");
    colleague.command("ack", String(id));
    expect(lastText(colleague.read())).toBe(en("clinician.acknowledged", { alert: id, alias: "Client A" }));
    expect(therapist.read()).toHaveLength(0);
    expect(allAlerts(h)[0]?.acknowledgedBy).toBe("therapist:2");
  });

  it("an escalation the therapist received in their role ends with it; the backup it reached keeps access", async () => {
    const h = createHarness();
    const { client, therapist, seeded, watch } = safetyScene(h);
    const backup = addClinician(h, seeded, "Backup", 1);
    addClinician(h, seeded, "T3", 0);
    client.text("I want to kill myself");
    const id = allAlerts(h)[0]?.id as number;
    // Rank 1, then past the last rank: everyone on the ladder, the therapist included.
    for (const _ of [1, 2]) {
      h.clock.advance(minutes(120));
      watch.tick();
    }
    expect(texts(therapist.read()).some((t) => t.includes(`Escalated risk alert ${id}`))).toBe(true);
    await cli({}, h).json("client", "move", String(seeded.clientId), "--therapist", "3");

    therapist.command("ack", String(id));
    expect(lastText(therapist.read())).toBe(en("clinician.ack_unknown", { alert: id }));
    backup.read();
    backup.command("alerts");
    expect(lastText(backup.read())).toContain(`#${id} · Client A`);
  });

  it("the follow-up note the client writes after a hand-over goes to the current therapist only", async () => {
    const h = createHarness();
    const { client, therapist, seeded, watch } = safetyScene(h);
    const colleague = addClinician(h, seeded, "T2", 0);
    client.text("I want to kill myself");
    therapist.command("ack", String(allAlerts(h)[0]?.id));
    await cli({}, h).json("client", "move", String(seeded.clientId), "--therapist", "2");
    therapist.read();
    colleague.read();

    h.clock.advance(minutes(24 * 60));
    watch.tick();
    client.pressLabel(en("follow_up.reached"));
    client.text("my sister came over");
    expect(therapist.read()).toHaveLength(0);
    expect(texts(colleague.read()).join("\n")).toContain("my sister came over");
  });

  it("how the crisis reply ended is told to the clinicians who may see the alert now, not the former therapist", async () => {
    const h = createHarness();
    const { client, therapist, seeded } = safetyScene(h);
    const colleague = addClinician(h, seeded, "T2", 0);
    client.text("I want to kill myself");
    const notice = therapist.read().at(-1);
    markSent(h.handle.db, notice?.outboxId as number, "m1", h.clock.now());
    await cli({}, h).json("client", "move", String(seeded.clientId), "--therapist", "2");
    colleague.read();

    const crisis = h.handle.db.select().from(outbox).where(like(outbox.dedupeKey, "crisis:a%")).get();
    h.handle.db.transaction((tx) => reportCrisisOutcome(tx, prompts(), crisis as OutboxRow, "failed", h.clock.now()));
    expect(therapist.read()).toHaveLength(0);
    const toColleague = h.handle.db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.chatId === colleague.chatId)
      .map((r) => (r.payload as { text: string }).text);
    const inherited = toColleague.find((text) => text.includes("is now yours"));
    expect(inherited).toContain(en("clinician.risk_reply_failed"));
  });
});

describe("a deactivated clinician", () => {
  it("loses every view, has their chat unlinked, and is told so once", async () => {
    const h = createHarness();
    const { client, seeded, watch } = safetyScene(h);
    const backup = addClinician(h, seeded, "Backup", 1);
    client.text("I want to kill myself");
    const id = allAlerts(h)[0]?.id as number;
    h.clock.advance(minutes(120));
    watch.tick();
    backup.read();
    const c = cli({}, h);
    const unused = (await c.json("therapist", "invite", "2")).inviteCode as string;

    await c.json("therapist", "deactivate", "2");
    expect(texts(backup.read())).toEqual([en("clinician.access_ended")]);
    expect(h.handle.db.select().from(identities).where(eq(identities.therapistId, 2)).all()).toEqual([]);

    for (const [name, args] of [
      ["alerts", ""],
      ["ack", String(id)],
      ["summary", "Client A"],
    ] as const) {
      backup.command(name, args);
      expect(lastText(backup.read())).toBe(en("unlinked.hello"));
    }
    client.text("I still want to die");
    expect(backup.read()).toHaveLength(0);
    expect(allAlerts(h)[0]?.acknowledgedAt).toBeNull();
    // An invite code issued before the deactivation cannot link them again.
    backup.command("start", unused);
    expect(lastText(backup.read())).toBe(en("enrol.invalid_code"));
  });

  it("handing over their caseload: the colleague takes every alert, the former therapist none", async () => {
    const h = createHarness();
    const { client, therapist, seeded } = safetyScene(h);
    const colleague = addClinician(h, seeded, "T2", 0);
    client.text("I want to kill myself");
    const id = allAlerts(h)[0]?.id as number;
    therapist.read();
    const result = await cli({}, h).json("therapist", "deactivate", "1", "--hand-over-to", "2");
    expect(result).toEqual({ therapistId: 1, handedOverTo: 2, clientsMoved: 1, alertsHandedOver: 1 });
    expect(texts(therapist.read())).toEqual([en("clinician.access_ended")]);
    therapist.command("ack", String(id));
    expect(lastText(therapist.read())).toBe(en("unlinked.hello"));
    colleague.command("ack", String(id));
    expect(lastText(colleague.read())).toBe(en("clinician.acknowledged", { alert: id, alias: "Client A" }));
  });

  it("deactivated before this rule existed: unlinked and told at their first command, generic after", () => {
    const h = createHarness();
    const { therapist, seeded } = safetyScene(h);
    deactivateTherapist(h.handle.db, seeded.therapistId);
    therapist.command("alerts");
    expect(texts(therapist.read())).toEqual([en("clinician.access_ended")]);
    therapist.command("alerts");
    expect(texts(therapist.read())).toEqual([en("unlinked.hello")]);
  });
});
