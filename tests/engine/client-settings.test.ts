/**
 * `/pause`, `/resume`, `/schedule` and `/language` with a client's alias in a clinician's chat: the
 * clinician's own clients only (another therapist's alias, or a backup contact asking, get the unknown
 * alias answer), the CLI's schedule words and reasons, usage for bad words with nothing changed, a
 * client's own pause left for the client to undo, and every change audited under the clinician.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { scheduleFromFlags } from "../../src/cli/schedule-flags.js";
import { getClient } from "../../src/db/repos/people.js";
import { clients, schedules, therapists } from "../../src/db/schema.js";
import { plainWording } from "../../src/prompts/plain-wording.js";
import { scheduleInputSchema } from "../../src/schedule/spec.js";
import { ChatUser, prompts } from "../helpers/harness.js";
import { t, workspaceScene } from "../helpers/workspace.js";

/** The scene with Oak-7 enrolled and consented (their check-ins active). */
function activeScene() {
  const scene = workspaceScene();
  const client = new ChatUser(scene.h, "1001", "1001", "telegram");
  client.command("start", scene.seeded.code);
  client.pressLabel(prompts().messages.t("en", "consent.accept"));
  client.read();
  const status = () => getClient(scene.db, scene.seeded.clientId)?.status;
  return { ...scene, client, status };
}

describe("/pause and /resume with an alias", () => {
  it("pause and resume the clinician's own client, audited under the clinician", () => {
    const { say, status, audits, seeded } = activeScene();
    expect(say("pause", "Oak-7")).toBe(t("workspace.paused", { alias: "Oak-7" }));
    expect(status()).toBe("paused");
    expect(say("pause", "oak-7")).toBe(t("workspace.already_paused", { alias: "Oak-7" }));
    expect(say("resume", "Oak-7")).toBe(t("workspace.resumed", { alias: "Oak-7" }));
    expect(status()).toBe("active");
    expect(say("resume", "Oak-7")).toBe(t("workspace.not_paused", { alias: "Oak-7" }));
    const subject = `client:${seeded.clientId}`;
    expect(
      audits().filter(([actor, action]) => actor === "therapist:1" && String(action).startsWith("client.")),
    ).toEqual([
      ["therapist:1", "client.paused", subject],
      ["therapist:1", "client.active", subject],
    ]);
  });

  it("leaves a pause the client chose for the client to undo", () => {
    const { say, status, client, h } = activeScene();
    client.command("pause");
    client.read();
    h.clock.advance(60_000);
    expect(say("resume", "Oak-7")).toBe(t("workspace.paused_by_client", { alias: "Oak-7" }));
    expect(status()).toBe("paused");
    // The client's own command still means the client's version.
    client.command("resume");
    expect(client.read().map((m) => m.text)).toEqual([t("commands.resumed")]);
    expect(status()).toBe("active");
  });

  it("does not start check-ins a client has not agreed to, or restart ones they ended", () => {
    const { say, state, db, seeded } = workspaceScene();
    const before = state();
    expect(say("pause", "Oak-7")).toBe(t("workspace.not_started", { alias: "Oak-7" }));
    expect(say("resume", "Oak-7")).toBe(t("workspace.not_started", { alias: "Oak-7" }));
    expect(state()).toBe(before);
    db.update(clients).set({ status: "stopped" }).where(eq(clients.id, seeded.clientId)).run();
    const stopped = state();
    expect(say("resume", "Oak-7")).toBe(t("workspace.stopped", { alias: "Oak-7" }));
    expect(say("language", "Oak-7 sv")).toBe(t("workspace.stopped", { alias: "Oak-7" }));
    expect(state()).toBe(stopped);
  });

  it("answers another therapist's alias and a backup contact as an unknown alias, and bad words with the usage", () => {
    const { say, state, backup, audits, db, elm } = activeScene();
    db.update(clients).set({ status: "active" }).where(eq(clients.id, elm.id)).run();
    const before = state();
    expect(say("pause", "Elm-3")).toBe(t("workspace.unknown_alias", { alias: "Elm-3" }));
    expect(say("pause", "Nobody-1")).toBe(t("workspace.unknown_alias", { alias: "Nobody-1" }));
    expect(say("pause", "Oak-7", backup)).toBe(t("workspace.unknown_alias", { alias: "Oak-7" }));
    expect(say("resume", "Elm-3")).toBe(t("workspace.unknown_alias", { alias: "Elm-3" }));
    expect(say("pause", "")).toBe(t("workspace.pause_usage"));
    expect(say("pause", "Oak-7 now")).toBe(t("workspace.pause_usage"));
    expect(say("resume", "")).toBe(t("workspace.resume_usage"));
    expect(state()).toBe(before);
    expect(audits().filter(([actor]) => actor !== "client:1" && actor !== "system")).toEqual([
      ["therapist:1", "identity.linked", expect.stringMatching(/^identity:/)],
      ["therapist:3", "identity.linked", expect.stringMatching(/^identity:/)],
    ]);
  });
});

describe("/schedule with an alias", () => {
  it("sets the client's own schedule with the CLI's words, session-timed ones too, and puts it back", () => {
    const { say, db, seeded, audits } = activeScene();
    expect(say("schedule", "Oak-7 daily at 09:30")).toBe(
      t("workspace.schedule_set", { alias: "Oak-7", spec: "daily at 09:30", zone: "Europe/Stockholm" }),
    );
    const own = () => db.select().from(schedules).where(eq(schedules.clientId, seeded.clientId)).all();
    expect(own().map((s) => [s.cron, s.active])).toEqual([["30 9 * * *", true]]);
    say("schedule", "Oak-7 after each session +24h");
    expect(own().map((s) => [s.spec, s.cron])).toEqual([["after each session +24h", "@session"]]);
    expect(say("schedule", "Oak-7 default")).toBe(t("workspace.schedule_cleared", { alias: "Oak-7" }));
    expect(own().map((s) => s.active)).toEqual([false]);
    expect(say("schedule", "Oak-7 default")).toBe(t("workspace.schedule_none", { alias: "Oak-7" }));
    const subject = `client:${seeded.clientId}`;
    expect(audits().filter(([, action]) => String(action).startsWith("schedule."))).toEqual([
      ["therapist:1", "schedule.set", subject],
      ["therapist:1", "schedule.set", subject],
      ["therapist:1", "schedule.cleared", subject],
    ]);
  });

  it("refuses a spec with the CLI's own reason and the usage, changing nothing", () => {
    const { say, state } = activeScene();
    const before = state();
    for (const spec of ["daily at 25:00", "weekly on Funday at 10:00", "sometimes"]) {
      const cli = (() => {
        try {
          scheduleFromFlags({ spec, jitter: "0" });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error(`the CLI accepted ${spec}`);
      })();
      const reason = cli.replace(/^--spec: /, "");
      const parsed = scheduleInputSchema.safeParse({ spec }, { error: plainWording });
      expect(parsed.success).toBe(false);
      expect(say("schedule", `Oak-7 ${spec}`)).toBe(
        `${t("workspace.schedule_bad", { reason })}\n${t("workspace.schedule_usage")}`,
      );
    }
    expect(say("schedule", "Oak-7")).toBe(t("workspace.schedule_usage"));
    expect(say("schedule", "")).toBe(t("workspace.schedule_usage"));
    expect(say("schedule", "Elm-3 daily at 09:30")).toBe(t("workspace.unknown_alias", { alias: "Elm-3" }));
    expect(state()).toBe(before);
  });
});

describe("/language with an alias", () => {
  it("changes the client's language, audited, and answers in the clinician's", () => {
    const { say, db, seeded, client, audits } = activeScene();
    db.update(therapists).set({ locale: "zh" }).where(eq(therapists.id, seeded.therapistId)).run();
    expect(say("language", "Oak-7 SV")).toBe(
      t("workspace.language_set", { alias: "Oak-7", language: "Svenska" }, "zh"),
    );
    expect(getClient(db, seeded.clientId)?.locale).toBe("sv");
    expect(say("language", "Oak-7 sv")).toBe(
      t("workspace.language_same", { alias: "Oak-7", language: "Svenska" }, "zh"),
    );
    expect(audits("client.locale")).toEqual([["therapist:1", "client.locale", `client:${seeded.clientId}`]]);
    client.command("help");
    expect(client.read().map((m) => m.text)).toEqual([t("commands.help", undefined, "sv")]);
  });

  it("answers bad words with the usage and another therapist's alias as an unknown one", () => {
    const { say, state } = activeScene();
    const before = state();
    for (const bad of ["", "Oak-7", "Oak-7 fr", "Oak-7 sv now"])
      expect(say("language", bad), bad).toBe(t("workspace.language_usage"));
    expect(say("language", "Elm-3 sv")).toBe(t("workspace.unknown_alias", { alias: "Elm-3" }));
    expect(state()).toBe(before);
  });
});
