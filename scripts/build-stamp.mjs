/**
 * Whether dist/ was built from the sources as they are now, cheap enough to ask on every CLI call
 * (about 10 ms for ~200 files): a digest of every build input's path and content, which build.mjs
 * writes into the build it makes. Content rather than modification times, so a checkout, a copy or a
 * coarse file clock cannot fool it, and saving a file unchanged costs no rebuild.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export const stampFile = ".build-stamp";

/** The build's own settings: a change to them changes the output as much as a source does. */
const buildSettings = ["scripts/build.mjs", "scripts/build-stamp.mjs", "tsconfig.json"];

/** Every TypeScript file the build turns into JavaScript (declaration files hold no code), sorted. */
export function typescriptSources(root) {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
    });
  return ["src", "adapters"].flatMap((dir) => (existsSync(join(root, dir)) ? walk(join(root, dir)) : [])).sort();
}

export function sourceDigest(root) {
  const hash = createHash("sha256");
  const settings = buildSettings.map((file) => join(root, file)).filter((path) => existsSync(path));
  for (const path of [...typescriptSources(root), ...settings]) {
    // The path too: a renamed file is a different module.
    hash.update(relative(root, path)).update("\0").update(readFileSync(path)).update("\0");
  }
  return hash.digest("hex");
}

export function writeBuildStamp(root, outdir, digest = sourceDigest(root)) {
  writeFileSync(join(outdir, stampFile), `${digest}\n`);
}

export function isBuildCurrent(root, outdir) {
  try {
    return readFileSync(join(outdir, stampFile), "utf8").trim() === sourceDigest(root);
  } catch {
    return false;
  }
}
