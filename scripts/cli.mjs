/**
 * `npm run -s cli -- <command>`: the CLI as plain node on the built dist/src/cli/index.js, as
 * `npm start` runs the service, instead of starting a TypeScript loader for every command (B6 in
 * docs/BENCHMARKS.md). When dist/ is missing (a fresh clone) or older than the sources, it is built
 * first, quietly; whether it is current costs a digest of the sources (build-stamp.mjs), about 10 ms,
 * so a build is paid only after a change.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isBuildCurrent } from "./build-stamp.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");

if (!isBuildCurrent(root, dist)) {
  try {
    // The build's own output goes to stderr: stdout is the command's data (--json, an export).
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs"), "--quiet"], { stdio: ["ignore", 2, 2] });
  } catch {
    process.stderr.write("error: could not build the CLI into dist/ (the build's message is above); nothing was run\n");
    process.exit(1);
  }
}
await import(pathToFileURL(join(dist, "src", "cli", "index.js")).href);
