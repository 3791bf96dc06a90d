import { describe, expect, it } from "vitest";
import { SoleLeadership } from "../../src/db/leadership.js";

describe("SoleLeadership", () => {
  it("tells each watcher at once that it holds the role", () => {
    const leadership = new SoleLeadership();
    const seen: boolean[] = [];
    leadership.watch("tick", (held) => seen.push(held));
    expect(seen).toEqual([true]);
    expect(leadership.holds("discord-gateway")).toBe(true);
  });

  it("gives every role up on stop, once, and takes no new watchers after", async () => {
    const leadership = new SoleLeadership();
    const seen: Array<[string, boolean]> = [];
    leadership.watch("tick", (held) => seen.push(["tick", held]));
    leadership.watch("discord-gateway", (held) => seen.push(["discord-gateway", held]));
    await leadership.stop();
    await leadership.stop();
    leadership.watch("tick", (held) => seen.push(["late", held]));
    expect(seen).toEqual([
      ["tick", true],
      ["discord-gateway", true],
      ["tick", false],
      ["discord-gateway", false],
    ]);
    expect(leadership.holds("tick")).toBe(false);
  });
});
