/**
 * Rendering for Discord: 2000-character parts, buttons in rows of at most five, no mentions.
 */
import { describe, expect, it } from "vitest";
import { renderDiscordMessage } from "../../../adapters/discord/render.js";

describe("renderDiscordMessage", () => {
  it("puts a 5-point scale in one action row and switches mentions off", () => {
    const [part] = renderDiscordMessage({
      kind: "message",
      text: "Question? @everyone",
      choices: [[1, 2, 3, 4, 5].map((n) => ({ data: `abcdefghij.${n}`, label: String(n) }))],
    });
    expect(part?.allowed_mentions).toEqual({ parse: [] });
    expect(part?.components).toEqual([
      {
        type: 1,
        components: [1, 2, 3, 4, 5].map((n) => ({ type: 2, style: 1, label: String(n), custom_id: `abcdefghij.${n}` })),
      },
    ]);
  });

  it("splits text over 2000 characters with the buttons on the last part", () => {
    const parts = renderDiscordMessage({
      kind: "message",
      text: `${"a".repeat(1500)}\n${"b".repeat(1500)}`,
      choices: [[{ data: "abcdefghij.y", label: "Yes" }]],
    });
    expect(parts.map((p) => p.content.length)).toEqual([1500, 1500]);
    expect(parts[0]?.components).toEqual([]);
    expect(parts[1]?.components).toHaveLength(1);
  });

  it("refuses a customId over 100 characters", () => {
    expect(() =>
      renderDiscordMessage({ kind: "message", text: "x", choices: [[{ data: "x".repeat(101), label: "x" }]] }),
    ).toThrow(/100/);
  });
});
