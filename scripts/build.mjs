/**
 * `npm run build` (and `npm start` before it runs, and `npm run cli` when dist/ is stale): transpiles
 * src/ and adapters/ to plain JavaScript under dist/, one file per source file, so the running service
 * and the CLI are plain node with no TypeScript loader in memory (about 40 MB less idle RSS and half
 * the start-up time, B4 in docs/BENCHMARKS.md; a CLI command in a fraction of a second, B6).
 * Types are checked by `npm run typecheck`, not here: this step only strips them, in well under a
 * second.
 *
 * The build is made beside dist/ and then put in its place by renaming, so a deleted source file
 * cannot linger as a stale module, and a program running from dist/ (the service, while the CLI
 * rebuilds) never finds it half written. The stamp it leaves (build-stamp.mjs) tells the CLI whether
 * the build is still current.
 */
import { renameSync, rmSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { sourceDigest, typescriptSources, writeBuildStamp } from "./build-stamp.mjs";

const { values } = parseArgs({ options: { quiet: { type: "boolean" }, outdir: { type: "string" } } });
const root = fileURLToPath(new URL("..", import.meta.url));
// --outdir is for tests, which build elsewhere so as not to pull dist/ from under a running program.
const outdir = resolve(values.outdir ?? join(root, "dist"));
const sibling = (what) => join(dirname(outdir), `.${basename(outdir)}.${what}-${process.pid}`);

/** Puts `staging` at `outdir` by renames; retried because another build may swap in between. */
function replaceDirectory(staging, retired) {
  for (let attempt = 1; ; attempt++) {
    rmSync(retired, { recursive: true, force: true });
    try {
      renameSync(outdir, retired);
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
    try {
      renameSync(staging, outdir);
      break;
    } catch (error) {
      if (!["ENOTEMPTY", "EEXIST"].includes(error.code) || attempt === 5) throw error;
    }
  }
  rmSync(retired, { recursive: true, force: true });
}

const started = performance.now();
// Digested before the files are read for the build: an edit made during the build leaves the stamp
// stale, so the next CLI call builds again rather than trusting a build that may have missed it.
const digest = sourceDigest(root);
const entryPoints = typescriptSources(root);
const staging = sibling("building");
rmSync(staging, { recursive: true, force: true });
try {
  await build({
    entryPoints,
    outdir: staging,
    outbase: root,
    bundle: false,
    format: "esm",
    platform: "node",
    target: "node20",
    // The web view's templates (src/web/views/*.tsx) are preact JSX, rendered to escaped HTML strings.
    jsx: "automatic",
    jsxImportSource: "preact",
    logLevel: "warning",
  });
  writeBuildStamp(root, staging, digest);
  replaceDirectory(staging, sibling("replaced"));
} finally {
  rmSync(staging, { recursive: true, force: true });
}
if (!values.quiet) {
  const ms = (performance.now() - started).toFixed(0);
  console.log(`built ${entryPoints.length} files into ${relative(root, outdir)}/ in ${ms} ms`);
}
