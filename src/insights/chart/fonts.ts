/**
 * Fonts for chart text. resvg draws text only with fonts it has loaded itself, and a missing glyph comes
 * out as an empty box, so a Chinese-speaking therapist on a server without CJK fonts would get a chart
 * of boxes. This file says which fonts to load, which families to ask for, and whether Chinese really
 * renders, so start-up can warn instead of the charts failing quietly.
 *
 * INTERLUDE_CHART_FONT_FILE: optional path to one more font file (.ttf, .otf or .ttc), loaded beside the
 * system fonts; for hosts where installing fonts-wqy-microhei or fonts-noto-cjk is not possible. A path
 * that does not exist is ignored (cjkFontAvailable() then reports the result without it).
 */
import { existsSync } from "node:fs";
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";

export const chartFontFileEnv = "INTERLUDE_CHART_FONT_FILE";

/**
 * Latin families first: resvg lays a text run out in the first family it finds and only looks further
 * (through every loaded font) for characters that family lacks, and Latin glyphs of CJK fonts look
 * cramped. The CJK names matter when no Latin family is installed; all three Latin-and-Nordic fonts
 * listed cover å ä ö.
 */
const families = [
  "DejaVu Sans",
  "Noto Sans",
  "Liberation Sans",
  "Arial",
  "Helvetica",
  "Noto Sans CJK SC",
  "Noto Sans CJK TC",
  "Source Han Sans SC",
  "Source Han Sans TC",
  "WenQuanYi Micro Hei",
  "WenQuanYi Zen Hei",
  "Droid Sans Fallback",
  "PingFang SC",
  "Microsoft YaHei",
];

/** The CSS font-family list every chart text uses. */
export const chartFontFamily = [...families.map((family) => `"${family}"`), "sans-serif"].join(", ");

export type ChartFontOptions = NonNullable<ResvgRenderOptions["font"]>;

/** What resvg loads for every chart: the system fonts plus the optional extra file. */
export function chartFontOptions(env: NodeJS.ProcessEnv = process.env): ChartFontOptions {
  const extra = env[chartFontFileEnv];
  return { loadSystemFonts: true, fontFiles: extra && existsSync(extra) ? [extra] : [] };
}

const cell = 32;
/** A character common to both scripts, one only in simplified, one only in traditional. */
const cjkProbes = ["中", "简", "體"];
/** A private-use code point no font should draw: whatever appears for it is the missing-glyph box. */
const missingGlyph = "\u{10FFFD}";

/**
 * Whether the given fonts draw real CJK glyphs. Ink alone proves nothing, because a missing glyph is
 * drawn as a box; so each probe is drawn in its own cell and must differ from the others and from the
 * missing-glyph box.
 */
export function rendersCjkGlyphs(font: ChartFontOptions): boolean {
  const probes = [...cjkProbes, missingGlyph];
  const texts = probes
    .map((text, i) => `<text x="${i * cell + 2}" y="${cell - 6}" font-size="${cell - 8}">${text}</text>`)
    .join("");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${probes.length * cell}" height="${cell}">` +
    `<g font-family='${chartFontFamily}'>${texts}</g></svg>`;
  const image = new Resvg(svg, { font, background: "white", logLevel: "off" }).render();
  const cells = probes.map((_, i) => inkMask(image.pixels, image.width, i * cell, cell));
  const [common, simplified, traditional, box] = cells;
  if (!common || !simplified || !traditional || !box) return false;
  const glyphs = [common, simplified, traditional];
  const minimumInk = 20;
  return (
    glyphs.every((glyph) => countInk(glyph) >= minimumInk && glyph !== box) && new Set(glyphs).size === glyphs.length
  );
}

/** One cell as a string of 0/1 per pixel, so cells can be compared with ===. */
function inkMask(rgba: Uint8Array, width: number, left: number, size: number): string {
  let mask = "";
  for (let y = 0; y < size; y++) {
    for (let x = left; x < left + size; x++) {
      mask += (rgba[(y * width + x) * 4] ?? 255) < 160 ? "1" : "0";
    }
  }
  return mask;
}

function countInk(mask: string): number {
  let ink = 0;
  for (const pixel of mask) if (pixel === "1") ink++;
  return ink;
}

const cjkCache = new Map<string, boolean>();

/** rendersCjkGlyphs for the fonts charts really use; cached because loading system fonts takes a while. */
export function cjkFontAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  const key = env[chartFontFileEnv] ?? "";
  let available = cjkCache.get(key);
  if (available === undefined) {
    available = rendersCjkGlyphs(chartFontOptions(env));
    cjkCache.set(key, available);
  }
  return available;
}

/**
 * What to say when Chinese labels would not render: the package to install by name (Debian and Ubuntu
 * call it fonts-noto-cjk; fonts-wqy-microhei is the smaller one CI uses), or the file setting.
 */
export const missingCjkFontMessage = `Chinese chart labels will be blank boxes: no font with Chinese glyphs was found. Install one (Debian/Ubuntu: apt-get install fonts-noto-cjk, or the smaller fonts-wqy-microhei), or set ${chartFontFileEnv} to a CJK .ttf/.otf/.ttc file.`;

/** The start-up warning to log when Chinese labels would not render, or undefined when they will. */
export function cjkFontWarning(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return cjkFontAvailable(env) ? undefined : missingCjkFontMessage;
}
