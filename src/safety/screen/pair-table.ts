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

  /**
   * When every first key is below 2^15 and every second below 2^16 (the screen's tables), a pair is
   * one integer (first << 16 | second) and slot i is slots[2i] (that key, or -1 when empty) and
   * slots[2i + 1] (value): eight bytes a slot, so more of the table stays in cache. Otherwise slot i
   * is slots[3i] (first, or -1), slots[3i + 1] (second), slots[3i + 2] (value).
   */
  private readonly narrow: boolean;
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
    this.narrow = entries.every(([first, second]) => first < narrowFirst && second < narrowSecond);
    const stride = this.narrow ? 2 : 3;
    this.slots = new Int32Array(stride * capacity).fill(-1);
    for (const [first, second, value] of entries) {
      if (first < 0 || second < 0) throw new Error("a pair table's keys are non-negative");
      if (!Number.isInteger(value) || value === PairTable.missing || value !== (value | 0)) {
        throw new Error("a pair table's values are 32-bit integers");
      }
      let at = this.slotOf(first, second);
      if (this.narrow) {
        const key = (first << 16) | second;
        while (this.slots[2 * at] !== -1 && this.slots[2 * at] !== key) at = (at + 1) & this.mask;
        if (this.slots[2 * at] === -1) {
          this.slots[2 * at] = key;
          this.slots[2 * at + 1] = value;
        }
        continue;
      }
      while (this.slots[3 * at] !== -1 && !(this.slots[3 * at] === first && this.slots[3 * at + 1] === second)) {
        at = (at + 1) & this.mask;
      }
      if (this.slots[3 * at] === -1) this.slots.set([first, second, value], 3 * at);
    }
  }

  /** The value stored for (first, second), or PairTable.missing. */
  get(first: number, second: number): number {
    const { slots, mask } = this;
    if (this.narrow) {
      if (first >= narrowFirst || second >= narrowSecond) return PairTable.missing;
      const key = (first << 16) | second;
      for (let at = this.slotOf(first, second); ; at = (at + 1) & mask) {
        const stored = slots[2 * at] as number;
        if (stored === key) return slots[2 * at + 1] as number;
        if (stored === -1) return PairTable.missing;
      }
    }
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

/** Keys below these fit one non-negative 32-bit integer together (see PairTable.narrow). */
const narrowFirst = 0x8000;
const narrowSecond = 0x10000;
