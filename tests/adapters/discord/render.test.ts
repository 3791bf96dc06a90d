/**
 * Rendering for Discord: 2000-character parts, buttons in rows of at most five, no mentions.
 */
import { describe, expect, it } from "vitest";
import { renderDiscordMessage, renderDiscordRequests } from "../../../adapters/discord/render.js";
import { tinyPng } from "../../fakes/shared/png.js";

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

describe("renderDiscordRequests", () => {
  it("uploads the picture with the first part and describes it as attachment 0", () => {
    const requests = renderDiscordRequests({
      kind: "message",
      text: `${"a".repeat(1500)}\n${"b".repeat(1500)}`,
      image: { pngBase64: tinyPng().toString("base64"), fileName: "w.png", altText: "Chart of scores" },
    });
    expect(requests).toHaveLength(2);
    expect(requests[0]?.files).toMatchObject([{ name: "w.png", contentType: "image/png" }]);
    expect(Buffer.from(requests[0]?.files[0]?.data as Buffer).equals(tinyPng())).toBe(true);
    expect(requests[0]?.body.attachments).toEqual([{ id: 0, filename: "w.png", description: "Chart of scores" }]);
    expect(requests[1]?.files).toEqual([]);
    expect(requests[1]?.body.attachments).toBeUndefined();
  });

  it("uploads nothing for a message without a picture", () => {
    const [request] = renderDiscordRequests({ kind: "message", text: "Hi" });
    expect(request?.files).toEqual([]);
    expect(request?.body).not.toHaveProperty("attachments");
  });
});
