/**
 * Times the CLI shows to a person are in the relevant person's zone, to the minute, with the zone
 * named ("2026-01-05 17:00 Asia/Shanghai"); never raw UTC ISO. `--json` keeps ISO.
 */
import { describe, expect, it } from "vitest";
import { Engine } from "../../src/engine/engine.js";
import { silentLogger } from "../../src/logger.js";
import { cli, setUp } from "../helpers/cli.js";
import { ChatUser, prompts } from "../helpers/harness.js";

const rawIso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\.\d{3}Z|\(UTC\)/;

/** The clock reads 2026-01-05 09:00 UTC: 10:00 in Stockholm (the practice), 17:00 in Shanghai (the client). */
async function clientInShanghaiWithAnAlert() {
  const c = cli();
  const ids = await setUp(c);
  await c.json("client", "set", String(ids.clientId), "--timezone", "Asia/Shanghai");
  const engine = new Engine({ db: c.handle.db, clock: c.clock, prompts: prompts(), logger: silentLogger });
  const user = new ChatUser({ handle: c.handle, clock: c.clock, engine });
  user.command("start", ids.client.inviteCode as string);
  user.pressLabel(prompts().messages.t("en", "consent.accept"));
  await c.json("checkin", "send", "--client", String(ids.clientId));
  const [firstChoice] = ChatUser.buttonsOf(user.read()).values();
  user.press(firstChoice as string);
  user.text("I want to kill myself");
  return { c, ids };
}

describe("times in human output", () => {
  it("invite expiry: in the client's zone, else the practice's; the therapist's, else the practice's", async () => {
    const c = cli();
    const { therapistId, practiceId } = await setUp(c);
    const plain = await c.run("client", "add", "--therapist", String(therapistId), "--alias", "Birch-2");
    expect(plain.out.join("\n")).toContain("expires 2026-01-12 10:00 Europe/Stockholm");
    const away = await c.run(
      "client",
      "add",
      "--therapist",
      String(therapistId),
      "--alias",
      "Elm-1",
      "--timezone",
      "Asia/Shanghai",
    );
    expect(away.out.join("\n")).toContain("expires 2026-01-12 17:00 Asia/Shanghai");
    const therapist = await c.run("therapist", "add", "--practice", String(practiceId), "--alias", "T2");
    expect(therapist.out.join("\n")).toContain("expires 2026-01-12 10:00 Europe/Stockholm");
    const invited = await c.run("client", "invite", "2");
    expect(invited.out.join("\n")).toContain("expires 2026-01-12 10:00 Europe/Stockholm");
    for (const result of [plain, away, therapist, invited]) expect(result.out.join("\n")).not.toMatch(rawIso);
  });

  it("alerts, timeline, client list: in the client's zone", async () => {
    const { c, ids } = await clientInShanghaiWithAnAlert();
    const alerts = await c.run("alerts", "list");
    expect(alerts.out.join("\n")).toContain("opened 2026-01-05 17:00 Asia/Shanghai");
    const timeline = await c.run("checkin", "timeline", "--client", String(ids.clientId));
    expect(timeline.out.join("\n")).toContain("2026-01-05 17:00 Asia/Shanghai");
    const list = await c.run("client", "list");
    expect(list.out.join("\n")).toContain("last answer 2026-01-05 17:00 Asia/Shanghai");
    for (const result of [alerts, timeline, list]) expect(result.out.join("\n")).not.toMatch(rawIso);
  });

  it("audit and retention: in the practice's zone (the only practice here)", async () => {
    const { c } = await clientInShanghaiWithAnAlert();
    const audit = await c.run("audit", "show", "--limit", "3");
    expect(audit.out[0]).toMatch(/^2026-01-05 10:00 Europe\/Stockholm\t/);
    const retention = await c.run("retention", "run", "--dry-run");
    expect(retention.out.join("\n")).toContain("Retention dry run at 2026-01-05 10:00 Europe/Stockholm");
    for (const result of [audit, retention]) expect(result.out.join("\n")).not.toMatch(/\.\d{3}Z|\(UTC\)/);
    // Entries' details are stored data and keep their ISO; only the times the CLI itself shows change.
    expect(audit.out.map((line) => line.split("\t")[0]).join("\n")).not.toMatch(rawIso);
  });

  it("--json keeps ISO 8601 in UTC", async () => {
    const { c, ids } = await clientInShanghaiWithAnAlert();
    const invited = await c.json("client", "invite", String(ids.clientId));
    expect(invited.inviteExpiresAt).toBe("2026-01-12T09:00:00.000Z");
    const alerts = await c.json("alerts", "list");
    expect((alerts.alerts as Array<{ openedAt: string }>)[0]?.openedAt).toBe("2026-01-05T09:00:00.000Z");
    const list = await c.json("client", "list");
    expect((list.clients as Array<{ lastAnswerAt: string }>)[0]?.lastAnswerAt).toBe("2026-01-05T09:00:00.000Z");
  });
});
