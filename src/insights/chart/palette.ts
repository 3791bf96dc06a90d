/**
 * How each dimension looks. Therapists read these charts on phones, some of them colour-blind, so a
 * line is told apart by colour and by point shape: either alone is enough.
 */
import type { ChartSeries } from "./chart-input.js";

export interface DimensionStyle {
  /** From the Okabe–Ito palette, chosen because its hues stay apart under the common colour-vision deficiencies. */
  colour: string;
  /** A Vega point shape; no two dimensions share one, so the legend works in greyscale too. */
  shape: string;
}

export const dimensionStyles: Record<ChartSeries, DimensionStyle> = {
  safety: { colour: "#D55E00", shape: "circle" }, // vermillion
  bond: { colour: "#0072B2", shape: "square" }, // blue
  goals: { colour: "#009E73", shape: "triangle-up" }, // bluish green
  tasks: { colour: "#CC79A7", shape: "diamond" }, // reddish purple
  overall: { colour: "#000000", shape: "cross" }, // black: the one line of a client who shares only the overall score
};
