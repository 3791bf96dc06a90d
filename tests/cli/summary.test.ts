import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog } from "../../src/db/schema.js";
import { clientChartSize } from "../../src/insights/chart/spec.js";
import { cli, snapshot } from "../helpers/cli.js";
import { cjkPresent } from "../insights/chart/fixtures.js";
import { mixedCaseload } from "../insights/scene.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const tempDir = () => {
  dir = mkdtempSync(join(tmpdir(), "interlude-cli-summary-"));
  return dir;
};

function setUp() {
  const caseload = mixedCaseload({ now: new Date("2026-11-23T08:00:00Z") });
  return { caseload, c: cli({}, caseload) };
}

describe("cli summary", () => {
  it("prints the last complete week as Markdown by default, and audits the read", async () => {
    const { caseload, c } = setUp();
    const result = await c.run("summary", "--therapist", String(caseload.therapistId));
    expect(result.code).toBe(0);
    const text = result.out.join("\n");
    expect(text).toMatch(/^# Weekly summary 2026-W47 \(2026-11-16 – 2026-11-22\)/);
    expect(text).toContain("## Ash-1");
    expect(text).toContain("- Fir-6 · answered 1/1");
    const audit = caseload.handle.db.select().from(auditLog).where(eq(auditLog.action, "summary.exported")).get();
    expect(audit).toMatchObject({ actor: "cli", subject: `therapist:${caseload.therapistId}` });
    expect(audit?.detail).toMatchObject({ week: "2026-W47", format: "md", clients: 5 });
  });

  it("writes JSON for a named week and language to a file", async () => {
    const { caseload, c } = setUp();
    const out = join(tempDir(), "w46.json");
    const result = await c.run(
      "summary",
      "--therapist",
      String(caseload.therapistId),
      "--week",
      "2026-W46",
      "--format",
      "json",
      "--locale",
      "sv",
      "--out",
      out,
    );
    expect(result).toMatchObject({ code: 0, out: [] });
    expect(result.err).toContain(`Wrote ${out} (2026-W46, 5 clients, json)`);
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json).toMatchObject({ week: "2026-W46", locale: "sv" });
    const quiet = json.clients.find((x: { alias: string }) => x.alias === "Cedar-3");
    // By the end of W46 one check-in had been missed (never sent) and one delivered and left
    // unanswered: not yet quiet, since only delivered ones count.
    expect(quiet.flags).toEqual([]);
    expect(json.caveats).toHaveLength(2);
    expect(json.caveats[1]).toMatch(/^Ingen flagga betyder inte att det inte finns något alliansbrott/);
    expect(readdirSync(dir as string)).toEqual(["w46.json"]);
  });

  it("writes one self-contained HTML file whose charts are real PNGs, Chinese included", async () => {
    const { caseload, c } = setUp();
    const out = join(tempDir(), "summary.html");
    const result = await c.run(
      "summary",
      "--therapist",
      String(caseload.therapistId),
      "--format",
      "html",
      "--locale",
      "zh",
      "--out",
      out,
    );
    expect(result.code, result.err).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="zh">');
    expect(html).not.toMatch(/<script|<link|src="http/);
    const images = [...html.matchAll(/<img src="data:image\/png;base64,([^"]+)" alt="([^"]*)">/g)];
    // The overview and the four clients with flags.
    expect(images).toHaveLength(5);
    const sizes = images.map(([, data]) => {
      const png = PNG.sync.read(Buffer.from(data as string, "base64"));
      return [png.width, png.height];
    });
    expect(sizes.slice(1)).toEqual(Array(4).fill([clientChartSize.width, clientChartSize.height]));
    expect(images[1]?.[2]).toContain("Ash-1");
    // The real font check on this host: without a CJK font the CLI names the package to install.
    expect(result.err.includes("apt-get install fonts-noto-cjk"), result.err).toBe(!cjkPresent);
  }, 30_000);

  it("takes --json like every command", async () => {
    const { caseload, c } = setUp();
    const printed = await c.json("summary", "--therapist", String(caseload.therapistId));
    expect(printed).toMatchObject({ week: "2026-W47", headline: { clients: 5 } });
    const out = join(tempDir(), "w47.md");
    expect(await c.json("summary", "--therapist", String(caseload.therapistId), "--out", out)).toEqual({
      written: out,
      week: "2026-W47",
      format: "md",
      clients: 5,
    });
  });

  it("rejects bad input with exit 2, a clear message, and no change", async () => {
    const { caseload, c } = setUp();
    const before = snapshot(caseload.handle);
    const id = String(caseload.therapistId);
    const cases: [string[], string][] = [
      [["summary"], "required option '--therapist <id>' not specified"],
      [["summary", "--therapist", "99"], "--therapist: no therapist with id 99"],
      [["summary", "--therapist", "x"], "--therapist: must be a number"],
      [["summary", "--therapist", id, "--week", "2026-47"], "--week: must be an ISO week such as 2026-W47"],
      [["summary", "--therapist", id, "--week", "2025-W53"], "--week: 2025-W53 does not exist"],
      [["summary", "--therapist", id, "--week", "2027-W02"], "--week: 2027-W02 has not started yet"],
      [["summary", "--therapist", id, "--format", "pdf"], "--format: must be md, html or json"],
      [["summary", "--therapist", id, "--locale", "fr"], "--locale:"],
      [
        ["summary", "--therapist", id, "--out", "/nonexistent/dir/x.md"],
        "--out: cannot write in /nonexistent/dir (missing or not writable)",
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await c.run(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err, argv.join(" ")).toContain(message);
    }
    // The --out path is checked before anything is read, so not even an audit entry is written.
    expect(snapshot(caseload.handle)).toEqual(before);
  });
});
