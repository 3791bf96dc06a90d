/**
 * The next-day follow-up: sent once, acknowledged alert or not; its answer and note are attached to the
 * alert and passed on; "Not yet" brings the crisis resources again.
 */
import { describe, expect, it } from "vitest";
import { createHarness, prompts } from "../helpers/harness.js";
import { allAlerts, auditActions, minutes, safetyScene } from "../helpers/safety.js";

const en = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) => prompts().messages.t("en", key);

describe("follow-up", () => {
  it("asks the next day, attaches the answer and note, and tells the therapist", () => {
    const h = createHarness();
    const { client, therapist, watch } = safetyScene(h);
    client.text("I want to kill myself");
    client.read();
    therapist.command("ack", String(allAlerts(h)[0]?.id));
    therapist.read();

    h.clock.advance(minutes(24 * 60 - 1));
    expect(watch.tick().followUps).toBe(0);
    h.clock.advance(minutes(1));
    expect(watch.tick().followUps).toBe(1);
    expect(watch.tick().followUps).toBe(0);
    const asked = client.read();
    expect(asked.at(-1)?.text).toBe(en("follow_up.ask"));

    client.pressLabel(en("follow_up.not_yet"), asked);
    const replies = client.read().map((m) => m.text);
    expect(replies.some((t) => t.includes("Crisis line: 0000"))).toBe(true);
    client.text("my sister came over, that helped");
    expect(client.read().at(-1)?.text).toBe(en("follow_up.noted"));

    const alert = allAlerts(h)[0];
    expect(alert).toMatchObject({ followUpAnswer: "not_yet", followUpNote: "my sister came over, that helped" });
    const toTherapist = therapist.read().map((m) => m.text);
    expect(toTherapist[0]).toContain("answered “Not yet”");
    expect(toTherapist[1]).toContain("my sister came over");
    expect(auditActions(h, `alert:${alert?.id}`)).toEqual(
      expect.arrayContaining(["risk.follow_up_sent", "risk.follow_up_answered", "risk.follow_up_note"]),
    );
  });

  it("takes one answer only; a second press changes nothing", () => {
    const h = createHarness();
    const { client, watch } = safetyScene(h);
    client.text("I want to kill myself");
    h.clock.advance(minutes(24 * 60));
    watch.tick();
    const asked = client.read();
    client.pressLabel(en("follow_up.reached"), asked);
    client.pressLabel(en("follow_up.not_yet"), asked);
    expect(client.read().at(-1)?.text).toBe(en("checkin.stale"));
    expect(allAlerts(h)[0]?.followUpAnswer).toBe("reached");
  });
});
