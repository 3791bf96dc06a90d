/**
 * A fixed table from pairs of small non-negative integers to a 32-bit integer, for the two
 * look-ups the screen makes for every token of every message: an automaton node's edges on a term,
 * and the risk model's weight for a pair or triple of tokens. Open addressing in one typed array,
 * each slot holding its pair and value side by side, so a look-up is a hash and, almost always, one
 * cache line: no boxed keys as in a Map, and the screen's tables stay small enough to stay in cache.
 */
export class PairTable {
  /** What `get` returns for a pair that is not in the table; no value may be this. */
  static readonly missing = -0x80000000;

  /** Slot i is slots[3i] (first, or -1 when empty), slots[3i + 1] (second), slots[3i + 2] (value). */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** 32 minus the table's size in bits: the hash is the top bits of a multiplication. */
  private readonly shift: number;

  /** Builds the table from [first, second, value] entries; a repeated pair keeps its first value. */
  constructor(entries: ReadonlyArray<readonly [number, number, number]>) {
    let capacity = 16;
    while (capacity < 2 * entries.length) capacity *= 2;
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.slots = new Int32Array(3 * capacity).fill(-1);
    for (const [first, second, value] of entries) {
      if (first < 0 || second < 0) throw new Error("a pair table's keys are non-negative");
      if (!Number.isInteger(value) || value === PairTable.missing || value !== (value | 0)) {
        throw new Error("a pair table's values are 32-bit integers");
      }
      let at = this.slotOf(first, second);
      while (this.slots[3 * at] !== -1 && !(this.slots[3 * at] === first && this.slots[3 * at + 1] === second)) {
        at = (at + 1) & this.mask;
      }
      if (this.slots[3 * at] === -1) this.slots.set([first, second, value], 3 * at);
    }
  }

  /** The value stored for (first, second), or PairTable.missing. */
  get(first: number, second: number): number {
    const { slots, mask } = this;
    for (let at = this.slotOf(first, second); ; at = (at + 1) & mask) {
      const stored = slots[3 * at] as number;
      if (stored === -1) return PairTable.missing;
      if (stored === first && slots[3 * at + 1] === second) return slots[3 * at + 2] as number;
    }
  }

  private slotOf(first: number, second: number): number {
    return Math.imul(Math.imul(second, 0x85ebca6b) ^ first, 0x9e3779b1) >>> this.shift;
  }
}
