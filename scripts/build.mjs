/**
 * `npm run build` (and `npm start`, before it runs): transpiles src/ and adapters/ to plain JavaScript
 * under dist/, one file per source file, so the running service is plain node with no TypeScript
 * loader in memory (about 40 MB less idle RSS and half the start-up time; B4 in docs/BENCHMARKS.md).
 * Types are checked by `npm run typecheck`, not here: this step only strips them, in well under a
 * second. dist/ is emptied first so a deleted source file cannot linger as a stale module.
 */
import { readdirSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const { values } = parseArgs({ options: { quiet: { type: "boolean" }, outdir: { type: "string" } } });
const root = fileURLToPath(new URL("..", import.meta.url));
// --outdir is for tests, which build elsewhere so as not to pull dist/ from under a running program.
const outdir = resolve(values.outdir ?? join(root, "dist"));

function typescriptFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const started = performance.now();
const entryPoints = ["src", "adapters"].flatMap((dir) => typescriptFiles(join(root, dir)));
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir,
  outbase: root,
  bundle: false,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
});
if (!values.quiet) {
  const ms = (performance.now() - started).toFixed(0);
  console.log(`built ${entryPoints.length} files into ${relative(root, outdir)}/ in ${ms} ms`);
}
