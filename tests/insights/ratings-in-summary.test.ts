/**
 * The therapist's rating in the weekly summary and in `/summary ALIAS`: each rated session of the week
 * on one line, client and therapist side by side per dimension, in every format; a disagreement flag
 * when they are far apart; a session marked a no-show after it was rated drops out.
 */
import { describe, expect, it } from "vitest";
import { updateSession } from "../../src/db/repos/sessions.js";
import { summaryBlocks } from "../../src/insights/render/blocks.js";
import { renderChatParts } from "../../src/insights/render/chat.js";
import { renderHtml } from "../../src/insights/render/html.js";
import { summaryJson } from "../../src/insights/render/json.js";
import { renderMarkdown } from "../../src/insights/render/markdown.js";
import { summaryWords } from "../../src/insights/render/summary-text.js";
import { summariseWeek } from "../../src/insights/summarise.js";
import { weekContaining } from "../../src/insights/weeks.js";
import { prompts } from "../helpers/harness.js";
import { ratingScene, sessionEnd } from "../helpers/ratings.js";

const minute = 60_000;

/** The client answers about the session (all 5s), then the therapist rates it. */
function ratedScene(therapistTaps: [string, string, string]) {
  const scene = ratingScene();
  const { h, seeded, client, therapist, tick } = scene;
  h.clock.set(new Date(sessionEnd.getTime() + 10 * minute));
  h.engine.startCheckin(seeded.clientId);
  for (const answer of ["5", "5", "5", "5", "no"]) client.text(answer);
  client.text("skip");
  h.clock.set(new Date(sessionEnd.getTime() + 60 * minute));
  tick();
  for (const tap of therapistTaps) therapist.pressLabel(tap);
  therapist.read();
  const summarise = () => {
    const week = weekContaining(h.clock.now(), "Europe/Stockholm");
    const summary = summariseWeek(h.handle.db, prompts(), seeded.therapistId, week, h.clock.now());
    if (!summary) throw new Error("no summary");
    return summary;
  };
  return { ...scene, summarise };
}

describe("the therapist's rating in the summary", () => {
  it("shows both sides per dimension and flags a disagreement, in chat, Markdown, HTML and JSON", () => {
    const { summarise } = ratedScene(["2", "Skip", "4"]);
    const summary = summarise();
    const words = summaryWords(prompts(), "en", "Europe/Stockholm");
    const blocks = summaryBlocks(summary, words);
    const line = "Session 2026-01-08, client / you: Safety 5 / 2 · Bond 5 / – · The work 5 / 4";
    const flag =
      "You and the client see the session of 2026-01-08 differently: Safety 2 from you, 5 from the client's check-ins (1.5 points or more apart); worth a look together";
    const chat = renderChatParts(blocks, 4000).join("\n");
    expect(chat).toContain(`    ${line}`);
    expect(chat).toContain(`    ${flag}`);
    expect(renderMarkdown(blocks)).toContain(`- ${line}`);
    const html = renderHtml(blocks, [], "en");
    expect(html).toContain(`<ul class="sides"><li>${line}</li></ul>`);
    const json = summaryJson(summary, words) as {
      clients: Array<{ sideBySide: unknown; flags: Array<{ kind: string; numbers: unknown }> }>;
    };
    expect(json.clients[0]?.sideBySide).toEqual([
      {
        sessionAt: "2026-01-08T13:00:00.000Z",
        client: { safety: 5, bond: 5, work: 5 },
        therapist: { safety: 2, work: 4 },
      },
    ]);
    expect(json.clients[0]?.flags.find((f) => f.kind === "disagreement")?.numbers).toMatchObject({
      dimension: "safety",
      therapist: 2,
      client: 5,
      reason: "gap",
      sessionAt: "2026-01-08T13:00:00.000Z",
    });
  });

  it("speaks the therapist's language, and flags nothing when the two sides are close", () => {
    const { summarise } = ratedScene(["5", "4", "4"]);
    const summary = summarise();
    expect(summary.clients[0]?.flags.map((f) => f.kind)).not.toContain("disagreement");
    const sv = summaryWords(prompts(), "sv", "Europe/Stockholm");
    const chat = renderChatParts(summaryBlocks(summary, sv), 4000).join("\n");
    expect(chat).toContain("Session 2026-01-08, klient / du: Trygghet 5 / 5 · Relation 5 / 4 · Arbetet 5 / 4");
  });

  it("is in /summary ALIAS and /clients, and leaves out a session marked a no-show after it was rated", () => {
    const { therapist, db, session, h, summarise } = ratedScene(["1", "1", "1"]);
    therapist.command("summary", "Oak-7");
    const reply = therapist
      .read()
      .map((m) => m.text)
      .join("\n");
    expect(reply).toContain("Session 2026-01-08, client / you: Safety 5 / 1 · Bond 5 / 1 · The work 5 / 1");
    expect(reply).toContain("You and the client see the session of 2026-01-08 differently");
    therapist.command("clients");
    expect(therapist.read().at(-1)?.text).toContain("flags: you and the client differ");
    updateSession(db, session.id, { status: "no_show" }, h.clock.now());
    expect(summarise().clients[0]?.sides).toEqual([]);
  });
});
