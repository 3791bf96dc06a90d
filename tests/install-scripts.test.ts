/**
 * Install scripts run only where they were reviewed: the committed .npmrc turns on npm's
 * strict-allow-scripts (npm 11.16 or later), so a dependency with an install script that package.json's
 * `allowScripts` does not list fails `npm ci` instead of running its code. Every package with an install
 * script in the lockfile is listed, nothing else is, and each entry is pinned to the exact locked
 * version. npm checks a pin against the registry URL the lockfile records for the package and fails the
 * install on a pin it cannot check, so the .npmrc also makes npm record those URLs (some machines' own
 * settings leave them out), and every locked package must have one.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(resolve(root, file), "utf8");

interface LockedPackage {
  version?: string;
  resolved?: string;
  hasInstallScript?: boolean;
}

/** Every locked package that has an install script: its name, version and recorded registry URL. */
function lockedWithInstallScripts() {
  const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, LockedPackage> };
  return Object.entries(lock.packages)
    .filter(([, locked]) => locked.hasInstallScript === true)
    .map(([path, locked]) => ({
      name: path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length),
      version: locked.version ?? "",
      resolved: locked.resolved,
    }));
}

function allowScripts(): Record<string, boolean> {
  return (JSON.parse(read("package.json")) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
}

/** `name@version` → [name, version]; a bare name → [name, undefined]. Scoped names keep their leading @. */
function splitKey(key: string): [string, string | undefined] {
  const at = key.indexOf("@", 1);
  return at === -1 ? [key, undefined] : [key.slice(0, at), key.slice(at + 1)];
}

describe("install scripts", () => {
  it("are strict: the committed .npmrc makes an unlisted install script fail the install", () => {
    const settings = read(".npmrc")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith(";"));
    expect(settings).toContain("strict-allow-scripts=true");
    // Neither escape hatch may be committed.
    expect(settings.some((line) => line.startsWith("dangerously-allow-all-scripts"))).toBe(false);
    expect(settings.some((line) => line.startsWith("ignore-scripts"))).toBe(false);
    // The project's setting outranks a user's omit-lockfile-registry-resolved=true.
    expect(settings).toContain("omit-lockfile-registry-resolved=false");
  });

  it("are checkable: every locked package records the registry URL a pin is checked against", () => {
    const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, LockedPackage> };
    const unresolved = Object.entries(lock.packages)
      .filter(([path, locked]) => path !== "" && !locked.resolved?.startsWith("https://registry.npmjs.org/"))
      .map(([path]) => path);
    expect(unresolved).toEqual([]);
  });

  it("are allowed for exactly the locked packages that have them, each pinned to its locked version", () => {
    const locked = lockedWithInstallScripts();
    expect(locked.map((p) => p.name)).toContain("better-sqlite3");
    const entries = Object.entries(allowScripts());
    expect(entries.every(([, allowed]) => allowed === true)).toBe(true);

    for (const pkg of locked) {
      const keys = entries.map(([key]) => splitKey(key)).filter(([name]) => name === pkg.name);
      expect(
        keys.filter(([, version]) => version === undefined || version === pkg.version),
        pkg.name,
      ).toEqual([[pkg.name, pkg.version]]);
    }
    // No entry for a package (or a version) that is not in the lockfile with an install script.
    for (const [key] of entries) {
      const [name, version] = splitKey(key);
      const matches = locked.filter((p) => p.name === name && (version === undefined || p.version === version));
      expect(matches.length, key).toBeGreaterThan(0);
    }
  });
});
