/**
 * A small seeded PRNG for benchmark data: the same seed gives the same data set on every machine and
 * every run, so numbers from two runs measure the code, not a different draw of scores.
 */

/** mulberry32: 32 bits of state, fast, and good enough for shaping fake answers (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer in [min, max], both inclusive. */
export const between = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

/** Roughly normal noise with mean 0 and SD ≈ 1 (sum of four uniforms), without the cost of Box–Muller. */
export const noise = (random: () => number): number => (random() + random() + random() + random() - 2) * Math.sqrt(3);
