/**
 * The progress bar: drawn only on a terminal, never more than every 100 ms, always finishing at 100%
 * and cleared afterwards.
 */
import { describe, expect, it } from "vitest";
import { terminalProgress } from "../../src/cli/progress.js";

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe("terminalProgress", () => {
  it("writes nothing when stderr is not a terminal", () => {
    const target = stream(false);
    const bar = terminalProgress("Exporting", target);
    bar.update(1, 10);
    bar.update(10, 10);
    bar.finish();
    expect(target.written).toEqual([]);
  });

  it("redraws at most every 100 ms on a terminal, shows the end, and clears the line", () => {
    const target = stream(true);
    let now = 0;
    const bar = terminalProgress("Exporting", target, () => now);
    bar.update(1, 4);
    now = 50;
    bar.update(2, 4);
    now = 150;
    bar.update(3, 4);
    now = 160;
    bar.update(4, 4);
    bar.finish();
    expect(target.written).toHaveLength(4);
    expect(target.written[0]).toMatch(/^\rExporting \[#{8}-{22}\] 25% \(1\/4\)$/);
    expect(target.written[2]).toContain("100% (4/4)");
    expect(target.written[3]).toBe("\r\u001b[2K");
  });
});
