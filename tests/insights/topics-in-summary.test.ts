/**
 * Topics in the weekly summary, only as released: a "before the session" topic's words, quoted like
 * a note; an "at the session" one only as how many; never a "just for me" topic, never one not yet
 * released; in chat, Markdown, HTML and JSON.
 */
import { describe, expect, it } from "vitest";
import { summaryBlocks } from "../../src/insights/render/blocks.js";
import { renderChatParts } from "../../src/insights/render/chat.js";
import { renderHtml } from "../../src/insights/render/html.js";
import { summaryJson } from "../../src/insights/render/json.js";
import { renderMarkdown } from "../../src/insights/render/markdown.js";
import { summaryWords } from "../../src/insights/render/summary-text.js";
import { summariseWeek } from "../../src/insights/summarise.js";
import { weekContaining } from "../../src/insights/weeks.js";
import { prompts } from "../helpers/harness.js";
import { releaseInstant, topicScene } from "../helpers/topics.js";

const t = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1]) => prompts().messages.t("en", key);

function rendered(scene: ReturnType<typeof topicScene>) {
  const { h, seeded } = scene;
  const week = weekContaining(h.clock.now(), "Europe/Stockholm");
  const summary = summariseWeek(h.handle.db, prompts(), seeded.therapistId, week, h.clock.now());
  if (!summary) throw new Error("no summary");
  const words = summaryWords(prompts(), "en", "Europe/Stockholm");
  const blocks = summaryBlocks(summary, words);
  return {
    chat: renderChatParts(blocks, 4000).join("\n"),
    markdown: renderMarkdown(blocks),
    html: renderHtml(blocks, [], "en"),
    json: JSON.stringify(summaryJson(summary, words)),
  };
}

describe("topics in the summary", () => {
  it("shows released words and counts only, in every format", () => {
    const scene = topicScene();
    scene.keep("say this before");
    scene.keep("raise this myself", t("topics.button_at"));
    scene.keep("raise that too", t("topics.button_at"));
    scene.keep("only for my eyes", t("topics.button_just_for_me"));
    scene.h.clock.set(releaseInstant);
    expect(scene.tick().released).toBe(1);
    scene.h.clock.set(new Date(releaseInstant.getTime() + 60_000));
    // Kept after the release and not yet released: not in the summary.
    scene.client.command("later", "not yet released");
    const shared = "kept for the session (2026-01-08): “say this before”";
    const counted = "has 2 topics to raise at the session (2026-01-08)";
    const formats = rendered(scene);
    expect(formats.chat).toContain(`    ${shared}`);
    expect(formats.chat).toContain(`    ${counted}`);
    expect(formats.markdown).toContain(shared);
    expect(formats.html).toContain(`<blockquote>${shared}</blockquote>`);
    expect(formats.json).toContain('"text":"say this before"');
    expect(formats.json).toContain('"text":null');
    for (const [name, text] of Object.entries(formats)) {
      for (const hidden of ["raise this myself", "raise that too", "only for my eyes", "not yet released"]) {
        expect(text, `${name}: ${hidden}`).not.toContain(hidden);
      }
    }
  });

  it("shows nothing of topics before they are released", () => {
    const scene = topicScene();
    scene.keep("waiting still");
    const formats = rendered(scene);
    for (const text of Object.values(formats)) expect(text).not.toContain("waiting still");
    expect(formats.chat).not.toContain("kept for the session");
  });
});
