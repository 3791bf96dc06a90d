/**
 * The risk model: a small logistic-regression classifier that runs beside the lexicons, never instead
 * of them (screen.ts scores it only when no lexicon pattern matched). It reads the screen's own tokens
 * (tokens.ts, so obfuscations are already undone) and weighs n-grams of them: every token alone, every
 * pair of neighbouring tokens, and every run of three Chinese characters. Weights are stored by name
 * in prompts/safety/risk-model.json, trained by `npm run screen:train` (train.ts) on the development
 * corpus; only n-grams seen in training are there, and small weights are pruned.
 *
 * A long message is scored window by window (`window` tokens at a time, every start) and the highest
 * window counts, so a disclosure buried in a long note is not outweighed by the ordinary words around
 * it. Scoring allocates nothing per token or n-gram: tokens are looked up once (one-character tokens
 * by their code), pairs and triples in integer pair tables (pair-table.ts: a triple is its first
 * pair's number and its last token), and the sums go into buffers that are reused.
 */
import { z } from "zod";
import { PairTable } from "./pair-table.js";

/** The feature scheme; a model trained on another scheme is refused. */
export const featureScheme = "tokens-1-2-han3";

export const riskModelFileSchema = z.strictObject({
  /** Bumped whenever the model is retrained; recorded with an alert as "model:v<version>". */
  version: z.number().int().positive(),
  /** Whether it is scored at all: a reviewed decision on held-out sentences (trainingSettings.enabled in train.ts). */
  enabled: z.boolean(),
  features: z.literal(featureScheme),
  /** sha256 of the development corpus it was trained on, so `screen:train -- --check` sees a change. */
  corpus: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** Tokens per scored window. */
  window: z.number().int().min(2).max(200),
  /** L2 penalty the weights were trained with (recorded; not used when scoring). */
  l2: z.number().positive(),
  /** A score (0–1) at or above this is a match. */
  threshold: z.number().gt(0).lt(1),
  bias: z.number().finite(),
  /** Cross-validated numbers of the model alone, per language, as the training script printed them. */
  cv: z.record(z.string(), z.strictObject({ explicit: z.number(), indirect: z.number(), falsePositives: z.number() })),
  /** n-gram (tokens joined by one space) → weight. */
  weights: z.record(
    z.string().regex(/^\S+( \S+){0,2}$/, "a feature is one to three tokens separated by single spaces"),
    z
      .number()
      .finite()
      .refine((weight) => Math.round(weight * 1000) / 1000 === weight, "a weight has at most three decimals"),
  ),
});
export type RiskModelFile = z.infer<typeof riskModelFileSchema>;

/** Whether a token is a Chinese character (or a kept emoji), as tokens.ts marks it. */
export type HanFlags = readonly boolean[];

/**
 * Calls `visit(name)` for every n-gram of `words[from..to)`: tokens, neighbouring pairs, and runs of
 * three Chinese characters. Training uses this; scoring walks the same n-grams by numeric key.
 */
export function forEachFeature(
  words: readonly string[],
  han: HanFlags,
  visit: (name: string) => void,
  from = 0,
  to = words.length,
): void {
  for (let at = from; at < to; at++) {
    const word = words[at] as string;
    visit(word);
    if (at - 1 >= from) visit(`${words[at - 1]} ${word}`);
    if (at - 2 >= from && han[at] && han[at - 1] && han[at - 2]) visit(`${words[at - 2]} ${words[at - 1]} ${word}`);
  }
}

export class RiskModel {
  readonly version: number;
  readonly enabled: boolean;
  readonly threshold: number;
  readonly window: number;
  /** The rule id an alert records for a model match. */
  readonly rule: string;
  private readonly bias: number;
  private readonly thresholdLogit: number;
  private readonly ids = new Map<string, number>();
  /** The ids of one-character tokens by character code, plus one (0: not in the model): most of a Chinese note. */
  private readonly characterIds = new Uint16Array(0x10000);
  private readonly single: Float64Array;
  /**
   * (token, token) → the pair's weight and, when some triple begins with the pair, the pair's number
   * as a triple's beginning, packed into one integer (see packPair). Scoring a token then takes one
   * look-up for its pair, whose number is kept for the triple the next token ends.
   */
  private readonly pairs: PairTable;
  /**
   * Per token id: one bit (of 32) for each token that follows it in some pair, by a hash of that
   * token's id. Most neighbouring tokens of a note form no pair the model knows, and this answers
   * that from a few kilobytes without a look-up in the large pair table.
   */
  private readonly pairFilter: Int32Array;
  /** (the number of a triple's first two tokens, its last token) → weight in thousandths. */
  private readonly triples: PairTable;
  private readonly size: number;
  // Reused between calls (the screen runs one message at a time).
  private tokenIds = new Int32Array(256);
  private sums = new Float64Array(3 * 257);

  constructor(file: RiskModelFile) {
    this.version = file.version;
    this.enabled = file.enabled;
    this.threshold = file.threshold;
    this.window = file.window;
    this.rule = `model:v${file.version}`;
    this.bias = file.bias;
    this.thresholdLogit = Math.log(file.threshold / (1 - file.threshold));
    const entries = Object.entries(file.weights);
    for (const [name] of entries) for (const token of name.split(" ")) this.idOf(token);
    this.size = this.ids.size;
    if (this.size >= 0xffff) throw new Error("too many distinct tokens in the risk model");
    for (const [token, id] of this.ids) if (token.length === 1) this.characterIds[token.charCodeAt(0)] = id + 1;
    this.single = new Float64Array(this.size);
    // Pairs by a + b * size (both below 0xffff, so the key is an exact integer): weight and number.
    const pairWeights = new Map<number, number>();
    const prefixes = new Map<number, number>();
    const triples: Array<[number, number, number]> = [];
    for (const [name, weight] of entries) {
      const parts = name.split(" ").map((token) => this.ids.get(token) as number);
      const [a = 0, b = 0, c = 0] = parts;
      const thousandths = Math.round(weight * 1000);
      if (parts.length === 1) this.single[a] = weight;
      else if (parts.length === 2) pairWeights.set(a + b * this.size, thousandths);
      else {
        const key = a + b * this.size;
        let prefix = prefixes.get(key);
        if (prefix === undefined) {
          prefix = prefixes.size;
          prefixes.set(key, prefix);
        }
        triples.push([prefix, c, thousandths]);
      }
    }
    const pairs: Array<[number, number, number]> = [];
    this.pairFilter = new Int32Array(this.size);
    for (const key of new Set([...pairWeights.keys(), ...prefixes.keys()])) {
      const first = key % this.size;
      const second = Math.floor(key / this.size);
      pairs.push([first, second, packPair(pairWeights.get(key) ?? 0, prefixes.get(key))]);
      this.pairFilter[first] = (this.pairFilter[first] as number) | followerBit(second);
    }
    this.pairs = new PairTable(pairs);
    this.triples = new PairTable(triples);
  }

  private idOf(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(token, id);
    }
    return id;
  }

  /** The highest window's score (0–1) for these tokens; the bias alone for none. */
  score(words: readonly string[], han: HanFlags): number {
    return 1 / (1 + Math.exp(-this.maxLogit(words, han)));
  }

  /** Whether these tokens score at or above the threshold. */
  matches(words: readonly string[], han: HanFlags): boolean {
    return words.length > 0 && this.maxLogit(words, han) >= this.thresholdLogit;
  }

  private maxLogit(words: readonly string[], han: HanFlags): number {
    const n = words.length;
    if (n === 0) return this.bias;
    if (this.tokenIds.length < n) this.tokenIds = new Int32Array(2 * n);
    if (this.sums.length < 3 * (n + 1)) this.sums = new Float64Array(6 * (n + 1));
    const ids = this.tokenIds;
    const sums = this.sums;
    // Prefix sums, interleaved: [3i] single tokens, [3i+1] pairs ending at token i-1, [3i+2] triples.
    sums[0] = 0;
    sums[1] = 0;
    sums[2] = 0;
    /** The packed entry of the pair (at - 2, at - 1), or missing. */
    let previousPair = PairTable.missing;
    for (let at = 0; at < n; at++) {
      const word = words[at] as string;
      const id = word.length === 1 ? (this.characterIds[word.charCodeAt(0)] as number) - 1 : (this.ids.get(word) ?? -1);
      ids[at] = id;
      let pair = 0;
      let triple = 0;
      let packed = PairTable.missing;
      const before = at >= 1 ? (ids[at - 1] as number) : -1;
      if (id >= 0 && before >= 0) {
        if (((this.pairFilter[before] as number) & followerBit(id)) !== 0) packed = this.pairs.get(before, id);
        if (packed !== PairTable.missing) pair = pairWeightOf(packed) / 1000;
        if (previousPair !== PairTable.missing && han[at] && han[at - 1] && han[at - 2]) {
          const prefix = prefixOf(previousPair);
          const tripleWeight = prefix >= 0 ? this.triples.get(prefix, id) : PairTable.missing;
          if (tripleWeight !== PairTable.missing) triple = tripleWeight / 1000;
        }
      }
      previousPair = packed;
      const base = 3 * at;
      sums[base + 3] = (sums[base] as number) + (id >= 0 ? (this.single[id] as number) : 0);
      sums[base + 4] = (sums[base + 1] as number) + pair;
      sums[base + 5] = (sums[base + 2] as number) + triple;
    }
    const width = Math.min(this.window, n);
    let best = Number.NEGATIVE_INFINITY;
    for (let start = 0; start + width <= n; start++) {
      const end = start + width;
      // A pair or triple counts in a window only when its first token is inside it too.
      const pairFrom = Math.min(start + 1, end);
      const tripleFrom = Math.min(start + 2, end);
      const logit =
        (sums[3 * end] as number) -
        (sums[3 * start] as number) +
        (sums[3 * end + 1] as number) -
        (sums[3 * pairFrom + 1] as number) +
        (sums[3 * end + 2] as number) -
        (sums[3 * tripleFrom + 2] as number);
      if (logit > best) best = logit;
    }
    return this.bias + best;
  }
}

/**
 * A pair's entry: its weight in thousandths (the file keeps three decimals, so the integer is exact
 * and dividing it by 1000 gives back the very number the file holds) in the low 14 bits, offset to
 * be non-negative, and its number as a triple's beginning plus one (0: none) above them.
 */
const weightBits = 14;
const weightOffset = 1 << (weightBits - 1);

function packPair(thousandths: number, prefix: number | undefined): number {
  if (Math.abs(thousandths) >= weightOffset) throw new Error("a risk model pair weight must be below 8.192");
  if (prefix !== undefined && prefix + 1 >= 1 << (31 - weightBits))
    throw new Error("too many triples in the risk model");
  return ((prefix ?? -1) + 1) * (1 << weightBits) + thousandths + weightOffset;
}

function pairWeightOf(packed: number): number {
  return (packed & ((1 << weightBits) - 1)) - weightOffset;
}

/** The pair's number as a triple's beginning, or -1. */
function prefixOf(packed: number): number {
  return (packed >>> weightBits) - 1;
}

/** A token id's bit in the pair filter (a multiplicative hash, so neighbouring ids spread out). */
function followerBit(id: number): number {
  return 1 << (Math.imul(id, 0x9e3779b1) >>> 27);
}
