/** The integer pair table the automaton and the risk model look up in, against a Map. */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/random.js";
import { PairTable } from "../../../src/safety/screen/pair-table.js";

describe("PairTable", () => {
  it("finds every stored pair and nothing else, like a Map of the same entries", () => {
    const random = seededRandom(7);
    const entries: Array<[number, number, number]> = [];
    const reference = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const first = Math.floor(random() * 300);
      const second = Math.floor(random() * 300);
      const value = Math.floor(random() * 4000) - 2000;
      entries.push([first, second, value]);
      if (!reference.has(`${first} ${second}`)) reference.set(`${first} ${second}`, value);
    }
    const table = new PairTable(entries);
    for (let first = 0; first < 300; first++) {
      for (let second = 0; second < 300; second++) {
        expect(table.get(first, second)).toBe(reference.get(`${first} ${second}`) ?? PairTable.missing);
      }
    }
  });

  it("finds the same with keys too large to pack into one integer, and at the packing's edges", () => {
    const edges: Array<[number, number, number]> = [
      [0x7fff, 0xffff, 1],
      [0, 0, 2],
      [0x7fff, 0, 3],
      [0, 0xffff, 4],
    ];
    const packed = new PairTable(edges);
    const wide = new PairTable([...edges, [0x8000, 5, 5], [3, 0x10000, 6], [2 ** 30, 2 ** 30, 7]]);
    for (const table of [packed, wide])
      for (const [first, second, value] of edges) expect(table.get(first, second)).toBe(value);
    expect(wide.get(0x8000, 5)).toBe(5);
    expect(wide.get(3, 0x10000)).toBe(6);
    expect(wide.get(2 ** 30, 2 ** 30)).toBe(7);
    // A key beyond the packed range is simply not there (never a neighbour that packs alike).
    expect(packed.get(0x8000, 5)).toBe(PairTable.missing);
    expect(packed.get(0xffff, 0xffff)).toBe(PairTable.missing);
    expect(packed.get(0x7fff, 0x1ffff)).toBe(PairTable.missing);
    expect(wide.get(0x7fff, 0xfffe)).toBe(PairTable.missing);
  });

  it("an empty table finds nothing", () => {
    expect(new PairTable([]).get(0, 0)).toBe(PairTable.missing);
  });

  it("refuses negative keys and values it cannot hold", () => {
    expect(() => new PairTable([[-1, 0, 0]])).toThrow(/non-negative/);
    expect(() => new PairTable([[0, 0, 0.5]])).toThrow(/32-bit integers/);
    expect(() => new PairTable([[0, 0, PairTable.missing]])).toThrow(/32-bit integers/);
  });
});
