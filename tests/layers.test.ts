/**
 * The folders of src/ are layers: a module may use its own folder and the layers below it, never one
 * above or beside it. Without this the folders had grown into one loop (nine of them importing each
 * other through about ten imports in the wrong place), so that no part could be read, tested or
 * replaced on its own. Type-only imports count too: a type from a higher layer is still a dependency
 * on it. The adapters are above everything in src/ and reach it through narrow ports only.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

/**
 * Lowest first. Top-level files of src/ are split in two: small utilities every layer may use, and the
 * composition root that builds and starts the whole.
 */
const layers: ReadonlyArray<readonly string[]> = [
  ["(utilities)", "i18n", "text"],
  ["db"],
  ["access"],
  ["prompts"],
  ["outbox"],
  ["inbox"],
  ["practice"],
  ["sessions"],
  ["schedule"],
  ["privacy"],
  ["safety"],
  ["ratings"],
  ["topics"],
  ["insights"],
  ["admin", "backup"],
  ["engine"],
  ["cli", "demo", "web"],
  ["(composition)"],
];

const utilities = new Set([
  "clock.ts",
  "config.ts",
  "fatal-errors.ts",
  "logger.ts",
  "project-root.ts",
  "random.ts",
  "redact.ts",
  "startup-error.ts",
]);

/**
 * Where adapters may reach into src/: the engine's ports and events, the outbox's sending side, the
 * inbox's runner (Telegram's webhook), texts, the demo's state (the console demo). Never the database, and never the app (src/app.ts builds their
 * ports, engine/ports.ts).
 */
const adapterMayUse = new Set(["(utilities)", "i18n", "text", "engine", "outbox", "inbox", "prompts", "demo"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(path) ? [path] : [];
  });
}

/** The layer part of src/ a file belongs to: its first folder, or one of the two top-level groups. */
function partOf(file: string): string {
  const [first = "", ...rest] = relative(join(root, "src"), file).split("/");
  if (rest.length > 0) return first;
  return utilities.has(first) ? "(utilities)" : "(composition)";
}

function rankOf(part: string): number {
  const rank = layers.findIndex((layer) => layer.includes(part));
  if (rank < 0) throw new Error(`src/${part} is in no layer: add it to the list in tests/layers.test.ts`);
  return rank;
}

/** Every relative import of a file, static or dynamic, type-only or not, resolved to a path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+["'](\.[^"']+)["']/gms),
    ...text.matchAll(/\bimport\(\s*["'](\.[^"']+)["']\s*\)/g),
  ].map((match) => match[1] as string);
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts"));
}

/** `from -> to` for every import that goes up or sideways between layers. */
function wrongWay(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(join(root, "src"))) {
    const from = partOf(file);
    for (const target of importsOf(file)) {
      if (!target.startsWith(join(root, "src"))) continue;
      const to = partOf(target);
      if (to === from) continue;
      if (rankOf(to) >= rankOf(from)) found.push(`${relative(root, file)} -> ${relative(root, target)}`);
    }
  }
  return found;
}

describe("layers", () => {
  it("every import in src/ goes to its own folder or a lower layer", () => {
    expect(wrongWay()).toEqual([]);
  });

  it("adapters use only the engine's ports, the outbox's sending side, texts and utilities", () => {
    const found: string[] = [];
    for (const file of sourceFiles(join(root, "adapters"))) {
      for (const target of importsOf(file)) {
        if (!target.startsWith(join(root, "src"))) continue;
        if (!adapterMayUse.has(partOf(target))) found.push(`${relative(root, file)} -> ${relative(root, target)}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("finds a wrong-way import when there is one (the check itself works)", () => {
    // The rule applied to a made-up pair: db (low) importing the engine (high) must count as wrong.
    expect(rankOf("engine")).toBeGreaterThan(rankOf("db"));
    expect(partOf(join(root, "src", "db", "connection.ts"))).toBe("db");
    expect(partOf(join(root, "src", "clock.ts"))).toBe("(utilities)");
    expect(partOf(join(root, "src", "app.ts"))).toBe("(composition)");
    const imports = importsOf(join(root, "src", "engine", "engine.ts"));
    expect(imports.some((path) => path.endsWith(join("src", "db", "connection.ts")))).toBe(true);
    expect(() => rankOf("nowhere")).toThrow(/in no layer/);
  });
});
