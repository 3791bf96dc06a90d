/**
 * Handing a client over (`client move`): the new therapist is told at once, in their own language,
 * about every open alert they inherit, by alias and kind only, never the client's words; if they
 * cannot be reached, an open risk alert escalates at once instead of waiting in silence.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertAlert } from "../../src/db/repos/alerts.js";
import { therapists } from "../../src/db/schema.js";
import type { Locale } from "../../src/i18n/locales.js";
import { clinicianText } from "../../src/safety/clinician-text.js";
import { cli } from "../helpers/cli.js";
import { createHarness, type Harness, prompts } from "../helpers/harness.js";
import { addClinician, allAlerts, safetyScene } from "../helpers/safety.js";

const words = ["I want to kill myself", "jag vill inte leva längre"];

/** A client with an acknowledged risk alert, an open one and an open "cannot be reached" one. */
function clientWithAlerts(h: Harness) {
  const scene = safetyScene(h);
  scene.client.text(words[0] as string);
  scene.therapist.command("ack", "1");
  scene.client.text(words[1] as string);
  insertAlert(
    h.handle.db,
    { clientId: scene.seeded.clientId, therapistId: 1, kind: "undeliverable", trigger: "telegram_refused" },
    h.clock.now(),
  );
  return scene;
}

describe("hand-over", () => {
  for (const locale of ["en", "sv", "zh"] as Locale[]) {
    it(`tells the new therapist at once about each open alert they inherit (${locale})`, async () => {
      const h = createHarness();
      const { seeded } = clientWithAlerts(h);
      const colleague = addClinician(h, seeded, "T2", 0);
      h.handle.db.update(therapists).set({ locale }).where(eq(therapists.id, 2)).run();
      const moved = await cli({}, h).json("client", "move", String(seeded.clientId), "--therapist", "2");
      expect(moved).toMatchObject({ to: 2, alertsHandedOver: 2 });

      const view = clinicianText(h.handle.db, prompts(), 2);
      if (!view) throw new Error("no view");
      const [risk, undeliverable] = allAlerts(h).slice(1);
      const told = colleague.read().map((m) => m.text);
      expect(told).toEqual([
        view.t("clinician.risk_handed_over", {
          alert: 2,
          alias: "Client A",
          trigger: view.trigger("risk_text"),
          time: view.time(risk?.openedAt as Date),
          reply: view.t("clinician.risk_reply_sending"),
        }),
        view.t("clinician.alert_handed_over", {
          alert: 3,
          alias: "Client A",
          kind: view.t("clinician.kind_undeliverable"),
          time: view.time(undeliverable?.openedAt as Date),
        }),
      ]);
      for (const text of told) for (const w of words) expect(text).not.toContain(w);
    });
  }

  it("escalates an inherited risk alert at once when the new therapist cannot be reached", async () => {
    const h = createHarness();
    const { seeded } = clientWithAlerts(h);
    addClinician(h, seeded, "T2", 0, false);
    const backup = addClinician(h, seeded, "Backup", 1);
    await cli({}, h).json("client", "move", String(seeded.clientId), "--therapist", "2");
    expect(backup.read().map((m) => m.text)).toEqual([expect.stringContaining("Escalated risk alert 2")]);
    expect(allAlerts(h)[1]?.escalationLevel).toBe(1);
  });
});
