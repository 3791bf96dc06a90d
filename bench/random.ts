/**
 * A small seeded PRNG for benchmark data: the same seed gives the same data set on every machine and
 * every run, so numbers from two runs measure the code, not a different draw of scores.
 */

export { seededRandom } from "../src/random.js";

/** An integer in [min, max], both inclusive. */
export const between = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

/** Roughly normal noise with mean 0 and SD ≈ 1 (sum of four uniforms), without the cost of Box–Muller. */
export const noise = (random: () => number): number => (random() + random() + random() + random() - 2) * Math.sqrt(3);
