/**
 * The weekly summary as one self-contained HTML file (the CLI's `--format html`): no scripts, no
 * external styles or fonts, charts inline as PNG data. Every piece of text is escaped.
 */
import type { ClientBlock, FlagLine, SummaryBlocks } from "./blocks.js";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface InlineChart {
  /** Alias the chart belongs to, or undefined for the caseload overview. */
  clientId: number | undefined;
  png: Uint8Array;
  altText: string;
}

const style = `body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
section{border-top:1px solid #ddd;padding:.5rem 0}h2{font-size:1.1rem;margin:.6rem 0}
ul.flags li{margin:.15rem 0}.calm{color:#444}pre{font-size:1rem;margin:.3rem 0}blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #bbb}
img{max-width:100%;height:auto}footer{border-top:1px solid #ddd;margin-top:1rem;color:#444}.legend{color:#444;font-size:.9rem}
section.risk{border:2px solid #b00020;border-left-width:8px;background:#fff1f2;padding:.5rem .8rem;margin:.6rem 0}
li.flag-risk{color:#8a0015;font-weight:700}`;

/**
 * A risk alert must not read like one more flag in a list: its client's section gets a red frame and
 * the flag itself is bold and red. The ⚠ in the text keeps it apart without colour too.
 */
const hasRisk = (block: ClientBlock) => block.flags.some((f) => f.kind === "risk");
const flagItem = (flag: FlagLine) =>
  flag.kind === "risk" ? `<li class="flag-risk">${escapeHtml(flag.text)}</li>` : `<li>${escapeHtml(flag.text)}</li>`;

function image(chart: InlineChart): string {
  const data = Buffer.from(chart.png).toString("base64");
  return `<img src="data:image/png;base64,${data}" alt="${escapeHtml(chart.altText)}">`;
}

/** The therapist's ratings beside the client's, one item per rated session; nothing when none. */
function sidesList(block: ClientBlock): string {
  if (block.sides.length === 0) return "";
  return `<ul class="sides">${block.sides.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`;
}

/** That the client holds something back; nothing when they do not. */
function heldList(block: ClientBlock): string {
  return block.held.map((l) => `<p class="held">${escapeHtml(l)}</p>`).join("");
}

export function renderHtml(blocks: SummaryBlocks, charts: InlineChart[], lang: string): string {
  const [title, ...rest] = blocks.headline;
  const chartFor = (id: number | undefined) =>
    charts
      .filter((c) => c.clientId === id)
      .map(image)
      .join("");
  const body: string[] = [`<h1>${escapeHtml(title ?? "")}</h1>`, ...rest.map((l) => `<p>${escapeHtml(l)}</p>`)];
  if (blocks.empty) body.push(`<p>${escapeHtml(blocks.empty)}</p>`);
  body.push(chartFor(undefined));
  for (const block of blocks.clients.filter((b) => b.detailed)) {
    body.push(
      hasRisk(block) ? '<section class="risk">' : "<section>",
      `<h2>${escapeHtml(block.line)}</h2>`,
      `<ul class="flags">${block.flags.map(flagItem).join("")}</ul>`,
      block.dimensions.length > 0 ? `<pre>${escapeHtml(block.dimensions.join("\n"))}</pre>` : "",
      sidesList(block),
      ...block.notes.map((n) => `<blockquote>${escapeHtml(n)}</blockquote>`),
      heldList(block),
      ...block.reworded.map((r) => `<p><em>${escapeHtml(r)}</em></p>`),
      chartFor(block.client.clientId),
      "</section>",
    );
  }
  const calm = blocks.clients.filter((b) => !b.detailed);
  if (calm.length > 0) {
    body.push('<section class="calm"><ul>');
    for (const block of calm) {
      body.push(
        `<li>${escapeHtml(block.line)}${sidesList(block)}${block.notes.map((n) => `<blockquote>${escapeHtml(n)}</blockquote>`).join("")}${heldList(block)}</li>`,
      );
    }
    body.push("</ul></section>");
  }
  if (blocks.legend) body.push(`<p class="legend">${escapeHtml(blocks.legend)}</p>`);
  body.push(`<footer>${blocks.caveats.map((c) => `<p><small>${escapeHtml(c)}</small></p>`).join("")}</footer>`);
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title ?? "")}</title><style>${style}</style></head>
<body>
${body.filter((l) => l !== "").join("\n")}
</body></html>
`;
}
