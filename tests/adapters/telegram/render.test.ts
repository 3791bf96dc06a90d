/**
 * Rendering for Telegram: plain text, inline keyboards with short callback data, long text split.
 */
import { describe, expect, it } from "vitest";
import { renderMessage } from "../../../adapters/telegram/render.js";

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
