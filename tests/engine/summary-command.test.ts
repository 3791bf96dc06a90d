import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, outbox } from "../../src/db/schema.js";
import { Engine } from "../../src/engine/engine.js";
import type { ClientChart } from "../../src/insights/chart/chart-input.js";
import type { ChartRenderer } from "../../src/insights/charts.js";
import { OnDemandCharts } from "../../src/insights/on-demand-chart.js";
import { silentLogger } from "../../src/logger.js";
import type { OutboundPayload } from "../../src/outbox/payload.js";
import { createHarness, type Harness, prompts } from "../helpers/harness.js";
import { recordCheckin } from "../helpers/history.js";
import { addClinician, safetyScene } from "../helpers/safety.js";

const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

/** A harness whose engine hands chart requests to an on-demand chart drawer with a fake renderer. */
function withCharts(): { h: Harness; charts: OnDemandCharts; drawn: string[]; points: ClientChart["points"][] } {
  const h = createHarness();
  const drawn: string[] = [];
  const points: ClientChart["points"][] = [];
  const renderer: ChartRenderer = {
    client: async (chart) => {
      drawn.push(chart.labels.title);
      points.push(chart.points);
      return png;
    },
    overview: async () => png,
  };
  const charts = new OnDemandCharts({
    db: h.handle.db,
    clock: h.clock,
    prompts: prompts(),
    logger: silentLogger,
    renderer,
  });
  h.engine = new Engine({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger: silentLogger, charts });
  return { h, charts, drawn, points };
}

/** The scene's client ("Client A") answered twice this week (the fake clock starts Monday 5 January 2026). */
function sceneWithAnswers(h: Harness) {
  const scene = safetyScene(h);
  recordCheckin(h.handle.db, scene.seeded.clientId, new Date("2026-01-05T07:00:00Z"), [4, 4, 4, 4]);
  recordCheckin(h.handle.db, scene.seeded.clientId, new Date("2026-01-05T08:00:00Z"), [2, 2, 2, 2], {
    note: "Hard week.",
  });
  return scene;
}

describe("/summary in chat", () => {
  it("shows a therapist this week so far for their caseload", () => {
    const { h } = withCharts();
    const { therapist } = sceneWithAnswers(h);
    therapist.command("summary");
    const [reply, ...rest] = therapist.read();
    expect(rest).toEqual([]);
    expect(reply?.text).toMatch(/^Weekly summary 2026-W02 \(2026-01-05 – 2026-01-11\)/);
    expect(reply?.text).toContain("▸ Client A");
    expect(reply?.text).toContain("Drop: overall 4 → 2");
    expect(reply?.text).toContain("wrote (2026-01-05): “Hard week.”");
  });

  it("shows one client in full by alias, whatever the case, and the chart follows after the commit", async () => {
    const { h, charts, drawn, points } = withCharts();
    const { therapist, seeded } = sceneWithAnswers(h);
    therapist.command("summary", "  client a ");
    await charts.idle();
    const [text, chart] = therapist.read();
    expect(text?.text).toMatch(/^Weekly summary 2026-W02.*\n\n▸ Client A · answered/s);
    // Both answers (4s, then 2s) fall in one week: its mean, 3, is what the text prints and the chart
    // draws; no trend yet.
    expect(text?.text).toContain("Weekly means, week of 2026-01-05:\n    Safety: 3 – ···▅");
    expect(points).toEqual([expect.arrayContaining([{ weekStart: "2026-01-05", dimension: "safety", value: 3 }])]);
    expect(drawn).toEqual(["Client A: the last 12 weeks"]);
    // The one-client view explains its arrows and blocks too, once.
    expect(text?.text.split("How to read the scores:")).toHaveLength(2);
    // One client's view closes like every summary: our own questions, and no flag is no proof.
    expect(text?.text).toMatch(/not a validated instrument[^\n]*\nNo flag does not mean no rupture[^\n]*$/);
    const payload = chart?.payload as OutboundPayload & { kind: "message" };
    expect(payload.image?.fileName).toBe(`2026-W02-client-${seeded.clientId}.png`);
    expect(payload.image?.altText).toContain("Client A");
    const audits = h.handle.db.select().from(auditLog).where(eq(auditLog.action, "summary.viewed")).all();
    expect(audits.map((a) => [a.actor, a.subject])).toEqual([
      [`therapist:${seeded.therapistId}`, `client:${seeded.clientId}`],
    ]);
  });

  it("does not show another therapist's client, and says so the same way as an unknown alias", async () => {
    const { h, charts, drawn } = withCharts();
    const { seeded } = sceneWithAnswers(h);
    const colleague = addClinician(h, seeded, "T2", 0);
    colleague.command("summary", "Client A");
    await charts.idle();
    expect(colleague.read().map((m) => m.text)).toEqual([
      "No client called “Client A” in your caseload. /summary on its own shows everyone.",
    ]);
    colleague.command("summary");
    const [own] = colleague.read();
    expect(own?.text).toContain("You have no clients in Interlude yet.");
    expect(own?.text).not.toContain("Client A");
    expect(drawn).toEqual([]);
  });

  it("is not a client command", () => {
    const { h } = withCharts();
    const { client } = sceneWithAnswers(h);
    client.command("summary");
    expect(client.read().map((m) => m.text)).toEqual([prompts().messages.t("en", "commands.unknown")]);
  });

  it("replies in the therapist's language", () => {
    const { h } = withCharts();
    const { therapist, seeded } = sceneWithAnswers(h);
    h.handle.sqlite.prepare("update therapists set locale = 'zh' where id = ?").run(seeded.therapistId);
    therapist.command("summary");
    expect(therapist.read()[0]?.text).toMatch(/^每周汇总 2026-W02/);
  });

  it("without a chart drawer, answers with the text alone", () => {
    const h = createHarness();
    const { therapist } = sceneWithAnswers(h);
    therapist.command("summary", "Client A");
    expect(therapist.read()).toHaveLength(1);
    const rows = h.handle.db.select().from(outbox).orderBy(asc(outbox.id)).all();
    expect(rows.some((r) => (r.payload as OutboundPayload & { kind: "message" }).image)).toBe(false);
  });
});
