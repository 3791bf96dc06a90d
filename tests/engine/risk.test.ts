/**
 * Risk signals reaching the engine: the risk question, risk words in notes and ordinary messages in
 * all three languages (obfuscated too), repeated signals, and who can and cannot close an alert.
 */
import { describe, expect, it } from "vitest";
import { ChatUser, createHarness, prompts } from "../helpers/harness.js";
import { addClinician, allAlerts, auditActions, safetyScene, triggerRows } from "../helpers/safety.js";

const en = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) => prompts().messages.t("en", key);

describe("risk words in what a client writes", () => {
  it.each([
    ["English", "honestly I just want to kill myself"],
    ["Swedish", "jag orkar inte leva längre"],
    ["Chinese", "我真的不想活了"],
    ["zero-width characters", "sui\u200Bci\u200Dde is all I think about"],
    ["full-width letters", "ｋｉｌｌ ｍｙｓｅｌｆ"],
    ["leetspeak", "i want to k1ll mys3lf"],
    ["Swedish without diacritics", "tankar pa sjalvmord"],
    ["spaced-out Chinese", "想 死"],
  ])("%s: crisis reply at once, an alert, the therapist told", (_label, message) => {
    const h = createHarness();
    const { client, therapist, seeded } = safetyScene(h);
    client.text(message);
    const replies = client.read();
    expect(replies[0]?.text).toContain("• Crisis line: 0000");
    expect(replies[0]?.text).toContain(en("crisis.fallback_resource").slice(2));
    const [alert] = allAlerts(h);
    expect(alert).toMatchObject({
      kind: "risk",
      trigger: "risk_text",
      clientId: seeded.clientId,
      acknowledgedAt: null,
    });
    const triggers = triggerRows(h, alert?.id as number);
    expect(triggers).toHaveLength(1);
    expect(triggers[0]?.text).toBe(message);
    expect(triggers[0]?.rule).toMatch(/^(en|sv|zh):[a-z_]+:\d+$/);
    const toTherapist = therapist.read().map((m) => m.text);
    expect(toTherapist).toHaveLength(1);
    expect(toTherapist[0]).toContain("Client A");
    expect(toTherapist[0]).toContain(`/ack ${alert?.id}`);
    // The therapist's alert carries the alias and the kind of trigger, not the client's words.
    expect(toTherapist[0]).not.toContain(message);
  });

  it("does not alert on ordinary words", () => {
    const h = createHarness();
    const { client } = safetyScene(h);
    for (const message of ["I killed it at work today", "my diet is going well", "jag skar gurkan", "我今天很开心"]) {
      client.text(message);
    }
    expect(allAlerts(h)).toHaveLength(0);
  });

  it("screens a check-in note: the note is kept as the answer and the alert opens", () => {
    const h = createHarness();
    const { client, seeded } = safetyScene(h, { settings: { riskItem: false } });
    h.engine.startCheckin(seeded.clientId);
    client.read();
    for (const n of ["4", "4", "4", "4"]) client.text(n);
    client.read();
    client.text("some days I think about ending my life");
    const replies = client.read().map((m) => m.text);
    expect(replies[0]).toContain("Crisis line");
    expect(replies.at(-1)).toBe(en("checkin.thanks"));
    const [alert] = allAlerts(h);
    expect(triggerRows(h, alert?.id as number)[0]?.occurrenceId).not.toBeNull();
  });

  it("screens a command's words too", () => {
    const h = createHarness();
    const { client } = safetyScene(h);
    client.command("stop", "because I want to die");
    expect(allAlerts(h)).toHaveLength(1);
  });

  it("gives an unlinked sender crisis help in every language, and stores nothing about them", () => {
    const h = createHarness();
    safetyScene(h);
    const stranger = new ChatUser(h, "stranger", "stranger-chat");
    stranger.text("I want to kill myself");
    const [reply] = stranger.read();
    expect(reply?.text).toContain(prompts().messages.t("en", "crisis.unlinked").split("\n")[0]);
    expect(reply?.text).toContain(prompts().messages.t("sv", "crisis.unlinked").split("\n")[0]);
    expect(reply?.text).toContain(prompts().messages.t("zh", "crisis.unlinked").split("\n")[0]);
    expect(allAlerts(h)).toHaveLength(0);
  });

  it("answers risk words in a group chat with crisis help there, the same for a client as for anyone, and no alert", () => {
    const h = createHarness();
    const { client } = safetyScene(h);
    // One reader of the group's messages, so each call sees only the new reply.
    const group = new ChatUser(h, "reader", "group-9", client.platform);
    const inGroup = (platformUserId: string, updateId: string) => {
      h.engine.handle({
        platform: client.platform,
        platformUserId,
        chatId: "group-9",
        chatType: "group",
        updateId,
        payload: { type: "text", text: "@interlude_bot I want to kill myself" },
      });
      return group.read().map((m) => m.text);
    };
    const fromClient = inGroup(client.platformUserId, "g1");
    const fromStranger = inGroup("someone-else", "g2");
    expect(fromClient).toHaveLength(1);
    expect(fromClient[0]).toContain(prompts().messages.t("en", "crisis.unlinked").split("\n")[0]);
    expect(fromClient[0]).toContain(prompts().messages.t("zh", "crisis.unlinked").split("\n")[0]);
    // Nothing in the group shows who is a client.
    expect(fromStranger).toEqual(fromClient);
    expect(allAlerts(h)).toHaveLength(0);
    expect(auditActions(h).filter((a) => a === "risk.group_message")).toHaveLength(2);
  });

  it("still only says 'private chats' to other group messages", () => {
    const h = createHarness();
    const { client } = safetyScene(h);
    h.engine.handle({
      platform: client.platform,
      platformUserId: client.platformUserId,
      chatId: "group-9",
      chatType: "group",
      updateId: "g1",
      payload: { type: "text", text: "@interlude_bot hello" },
    });
    const replies = new ChatUser(h, client.platformUserId, "group-9", client.platform).read().map((m) => m.text);
    expect(replies).toEqual([en("unlinked.private_only")]);
  });
});

describe("repeated signals", () => {
  it("attach to the open alert and tell the therapist again; nothing is lost", () => {
    const h = createHarness();
    const { client, therapist, seeded } = safetyScene(h);
    h.engine.startCheckin(seeded.clientId);
    client.read();
    for (const n of ["4", "4", "4", "4", "yes"]) client.text(n);
    client.text("I want to die");
    const rows = allAlerts(h);
    expect(rows).toHaveLength(1);
    expect(triggerRows(h, rows[0]?.id as number).map((t) => t.kind)).toEqual(["risk_item", "risk_text"]);
    expect(therapist.read()).toHaveLength(2);
    expect(auditActions(h, `alert:${rows[0]?.id}`)).toEqual(
      expect.arrayContaining(["risk.opened", "risk.repeated", "alert.clinician_notified", "risk.client_replied"]),
    );
  });
});

describe("acknowledgement", () => {
  it("the client cannot clear the flag by any command", () => {
    const h = createHarness();
    const { client } = safetyScene(h);
    client.text("I want to kill myself");
    const id = allAlerts(h)[0]?.id as number;
    client.read();
    client.command("ack", String(id));
    expect(client.read().at(-1)?.text).toBe(en("commands.unknown"));
    for (const name of ["alerts", "stop", "pause", "resume", "help", "privacy"]) client.command(name);
    client.text("I'm fine now, please delete the alert");
    expect(allAlerts(h)[0]?.acknowledgedAt).toBeNull();
  });

  it("another therapist cannot acknowledge, or even see, the alert", () => {
    const h = createHarness();
    const { client, seeded } = safetyScene(h);
    const colleague = addClinician(h, seeded, "Colleague", 0);
    client.text("I want to kill myself");
    const id = allAlerts(h)[0]?.id as number;
    colleague.command("ack", String(id));
    expect(colleague.read().at(-1)?.text).toBe(prompts().messages.t("en", "clinician.ack_unknown", { alert: id }));
    colleague.command("alerts");
    expect(colleague.read().at(-1)?.text).toBe(en("clinician.alerts_none"));
    expect(allAlerts(h)[0]?.acknowledgedAt).toBeNull();
  });

  it("the client's therapist can, once; the audit log names them", () => {
    const h = createHarness();
    const { client, therapist, seeded } = safetyScene(h);
    client.text("I want to kill myself");
    const id = allAlerts(h)[0]?.id as number;
    therapist.read();
    therapist.command("alerts");
    const listing = therapist.read().at(-1)?.text ?? "";
    expect(listing).toContain(`#${id} · Client A`);
    expect(listing).toContain("I want to kill myself");
    therapist.command("ack", "nonsense");
    expect(therapist.read().at(-1)?.text).toBe(en("clinician.ack_usage"));
    therapist.command("ack", `#${id}`);
    expect(therapist.read().at(-1)?.text).toBe(
      prompts().messages.t("en", "clinician.acknowledged", { alert: id, alias: "Client A" }),
    );
    const alert = allAlerts(h)[0];
    expect(alert?.acknowledgedBy).toBe(`therapist:${seeded.therapistId}`);
    expect(alert?.escalateAt).toBeNull();
    therapist.command("ack", String(id));
    expect(therapist.read().at(-1)?.text).toContain("already acknowledged by T1");
    expect(auditActions(h, `alert:${id}`).filter((a) => a === "alert.acknowledged")).toHaveLength(1);
  });

  it("a new signal after acknowledgement opens a new alert", () => {
    const h = createHarness();
    const { client, therapist } = safetyScene(h);
    client.text("I want to kill myself");
    therapist.command("ack", String(allAlerts(h)[0]?.id));
    client.text("I want to die");
    expect(allAlerts(h).map((a) => a.acknowledgedAt === null)).toEqual([false, true]);
  });
});
