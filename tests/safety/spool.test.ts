/**
 * The risk spool's file is the service user's alone: created 0600 whatever the umask, set back to 0600
 * when it is appended to after being left open, and rewritten (after a replay) through a fresh private
 * temporary file, never through one that happened to be lying beside it.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileRiskSpool, type SpoolEntry } from "../../src/safety/spool.js";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "interlude-spool-"));
  path = join(dir, "interlude.db.risk-spool");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (file: string) => statSync(file).mode & 0o777;
const entry = (updateId: string): SpoolEntry => ({
  platform: "console",
  platformUserId: "user-1",
  updateId,
  kind: "risk_text",
  at: 1,
});

describe("FileRiskSpool file mode", () => {
  for (const mask of [0o022, 0o000]) {
    it(`creates the spool 0600 under umask ${mask.toString(8).padStart(3, "0")}`, () => {
      const previous = process.umask(mask);
      try {
        new FileRiskSpool(path).append(entry("u-1"));
      } finally {
        process.umask(previous);
      }
      expect(modeOf(path)).toBe(0o600);
    });
  }

  it("sets a spool left readable by others back to 0600 when it appends", () => {
    writeFileSync(path, "");
    chmodSync(path, 0o644);
    new FileRiskSpool(path).append(entry("u-1"));
    expect(modeOf(path)).toBe(0o600);
  });

  it("rewrites the spool 0600 even when a stale, readable temporary file lies beside it", () => {
    const spool = new FileRiskSpool(path);
    spool.append(entry("u-1"));
    spool.append(entry("u-2"));
    const stale = `${path}.tmp`;
    writeFileSync(stale, "");
    chmodSync(stale, 0o666);

    spool.remove([entry("u-1")]);

    expect(spool.read().entries.map((e) => e.updateId)).toEqual(["u-2"]);
    expect(modeOf(path)).toBe(0o600);
    // Nothing of the rewrite is left behind; the stale file is not Interlude's to delete.
    expect(readdirSync(dir).sort()).toEqual(["interlude.db.risk-spool", "interlude.db.risk-spool.tmp"]);
  });
});
