/**
 * Rendering for Telegram: plain text, inline keyboards with short callback data, long text split.
 */
import { describe, expect, it } from "vitest";
import { renderMessage } from "../../../adapters/telegram/render.js";
import { renderPhotoMessage } from "../../../adapters/telegram/render-photo.js";
import type { OutboundImage } from "../../../src/outbox/payload.js";
import { tinyPng } from "../../fakes/shared/png.js";

describe("renderMessage", () => {
  it("puts a 5-point scale on one inline keyboard row", () => {
    const [part] = renderMessage({
      kind: "message",
      text: "Question?",
      choices: [[1, 2, 3, 4, 5].map((n) => ({ data: `abcdefghij.${n}`, label: String(n) }))],
    });
    expect(part?.reply_markup?.inline_keyboard).toEqual([
      [1, 2, 3, 4, 5].map((n) => ({ text: String(n), callback_data: `abcdefghij.${n}` })),
    ]);
  });

  it("splits text over 4096 characters on line breaks, buttons on the last part", () => {
    const text = `${"a".repeat(3000)}\n${"b".repeat(3000)}\n${"c".repeat(100)}`;
    const parts = renderMessage({ kind: "message", text, choices: [[{ data: "abcdefghij.y", label: "Yes" }]] });
    expect(parts.map((p) => p.text.length)).toEqual([3000, 3101]);
    expect(parts.every((p) => p.text.length <= 4096)).toBe(true);
    expect(parts[0]?.reply_markup).toBeUndefined();
    expect(parts[1]?.reply_markup).toBeDefined();
  });

  it("refuses button data longer than 64 bytes", () => {
    expect(() =>
      renderMessage({ kind: "message", text: "x", choices: [[{ data: "é".repeat(33), label: "x" }]] }),
    ).toThrow(/64/);
  });
});

describe("renderPhotoMessage", () => {
  const image: OutboundImage = { pngBase64: tinyPng().toString("base64"), fileName: "w.png", altText: "Chart" };
  const choices = [[{ data: "abcdefghij.y", label: "Yes" }]];

  it("makes text of exactly 1024 characters the caption, with the buttons", () => {
    const { photo, texts } = renderPhotoMessage({ kind: "message", text: "c".repeat(1024), choices }, image);
    expect(photo.caption).toHaveLength(1024);
    expect(photo.reply_markup?.inline_keyboard).toEqual([[{ text: "Yes", callback_data: "abcdefghij.y" }]]);
    expect(photo.data.equals(tinyPng())).toBe(true);
    expect(texts).toEqual([]);
  });

  it("sends 1025 characters after an uncaptioned photo, with the buttons on the text", () => {
    const { photo, texts } = renderPhotoMessage({ kind: "message", text: "c".repeat(1025), choices }, image);
    expect(photo.caption).toBeUndefined();
    expect(photo.reply_markup).toBeUndefined();
    expect(texts.map((t) => t.text.length)).toEqual([1025]);
    expect(texts[0]?.reply_markup).toBeDefined();
  });

  it("counts the caption in UTF-16 code units, as Telegram does", () => {
    // 513 emoji are 1026 code units: too long for a caption though only 513 characters.
    const { photo } = renderPhotoMessage({ kind: "message", text: "🙂".repeat(513) }, image);
    expect(photo.caption).toBeUndefined();
  });
});
