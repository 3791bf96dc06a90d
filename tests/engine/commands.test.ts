/**
 * Client commands: pause, resume, stop, privacy, help, language.
 */
import { describe, expect, it } from "vitest";
import { auditLog, clients, occurrences } from "../../src/db/schema.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { createHarness, prompts } from "../helpers/harness.js";

const en = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1], values = {}) =>
  prompts().messages.t("en", key, values);
const status = (h: ReturnType<typeof createHarness>) => h.handle.db.select().from(clients).get()?.status;

describe("client commands", () => {
  it("pauses and resumes, and a paused client gets no new check-in", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    user.command("pause");
    expect(user.read().map((m) => m.text)).toEqual([en("commands.paused")]);
    expect(status(h)).toBe("paused");
    user.command("pause");
    expect(user.read().map((m) => m.text)).toEqual([en("commands.already_paused")]);
    expect(h.engine.startCheckin(seeded.clientId)).toEqual({ status: "skipped", reason: "client_not_active" });
    user.command("resume");
    expect(user.read().map((m) => m.text)).toEqual([en("commands.resumed")]);
    expect(status(h)).toBe("active");
    user.command("resume");
    expect(user.read().map((m) => m.text)).toEqual([en("commands.not_paused")]);
  });

  it("stops: closes the open check-in, explains data handling, and sends nothing more", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    h.engine.startCheckin(seeded.clientId);
    user.read();
    user.text("4");
    user.command("stop");
    expect(
      user
        .read()
        .slice(-2)
        .map((m) => m.text),
    ).toEqual([en("commands.stopped"), en("erasure.offer")]);
    expect(status(h)).toBe("stopped");
    expect(h.handle.db.select().from(occurrences).get()?.status).toBe("cancelled");
    expect(h.engine.startCheckin(seeded.clientId).status).toBe("skipped");
    user.text("5");
    expect(user.read().map((m) => m.text)).toEqual([en("commands.already_stopped")]);
    user.command("resume");
    expect(user.read().map((m) => m.text)).toEqual([en("commands.already_stopped")]);
  });

  it("answers /help, /privacy and unknown commands", () => {
    const h = createHarness();
    const { user } = enrolledClient(h);
    user.command("help");
    user.command("privacy");
    user.command("frobnicate", "now please");
    expect(user.read().map((m) => m.text)).toEqual([
      en("commands.help"),
      `${en("commands.privacy", { retention_days: 365 })}\n\n${en("sharing.choices", {
        notes: en("sharing.notes_now"),
        scores: en("sharing.scores_detailed"),
      })}`,
      en("commands.unknown"),
    ]);
  });

  it("/privacy names the practice's own retention period and how to delete", () => {
    const h = createHarness();
    const { user } = enrolledClient(h, { settings: { retentionDays: 540 } });
    user.command("privacy");
    const text = user.read().at(-1)?.text ?? "";
    expect(text).toContain("540 days");
    expect(text).toContain("/stop");
    expect(text).toContain("Telegram or Discord");
    expect(text).not.toMatch(/\{[a-z_]+\}/);
  });

  it("switches language with /language and speaks it from then on", () => {
    const h = createHarness();
    const { seeded, user } = enrolledClient(h);
    user.command("language");
    user.pressLabel("Svenska");
    const sv = prompts().messages;
    expect(user.read().map((m) => m.text)).toEqual([
      `${en("commands.language_prompt")}\n✓ Svenska`,
      sv.t("sv", "commands.language_set"),
    ]);
    expect(h.handle.db.select().from(clients).get()?.locale).toBe("sv");
    h.engine.startCheckin(seeded.clientId);
    expect(user.read()[0]?.text.startsWith(`${sv.t("sv", "checkin.intro")}\n\nUnder vår senaste session`)).toBe(true);
  });

  it("records state changes in the audit log without any free text", () => {
    const h = createHarness();
    const { user } = enrolledClient(h);
    user.command("pause");
    user.command("resume");
    const actions = h.handle.db
      .select()
      .from(auditLog)
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(["identity.linked", "consent.accepted", "client.paused", "client.active"]);
  });
});
