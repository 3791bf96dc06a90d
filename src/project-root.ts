/**
 * The project's root directory (the one holding package.json, prompts/ and drizzle/), found by walking
 * up from this module. The same code runs from src/ under tsx (tests, CLI) and from dist/src/ after
 * `npm run build` (`npm start`), so paths to the project's own files cannot be fixed relative offsets.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "prompts"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root (package.json with prompts/) above ${from}`);
  }
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
