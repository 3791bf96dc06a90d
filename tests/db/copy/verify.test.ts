/**
 * The verifier on its own: a finished copy whose target is changed afterwards (a row's text edited, a
 * row deleted) fails, naming the table and the row's position but none of its contents.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { copyDatabase } from "../../../src/db/copy/copy.js";
import { CopyMismatchError } from "../../../src/db/copy/errors.js";
import { parseLocation } from "../../../src/db/copy/locations.js";
import { openSqliteSource } from "../../../src/db/copy/sqlite-endpoint.js";
import { verifyCopy } from "../../../src/db/copy/verify.js";
import { awkwardText, seededPracticeFolder } from "../../helpers/copy-seed.js";
import { schemaTables } from "../../helpers/sqlite-rows.js";

const tables = schemaTables.map((t) => t.name);

const paths = seededPracticeFolder("interlude-verify-");

async function copied(name: string): Promise<string> {
  const target = join(paths.folder, name);
  await copyDatabase(parseLocation(paths.seeded, "--from"), parseLocation(target, "--to"));
  return target;
}

function change(path: string, statement: string): void {
  const sqlite = new Database(path);
  try {
    sqlite.prepare(statement).run();
  } finally {
    sqlite.close();
  }
}

async function verify(target: string) {
  const [a, b] = [openSqliteSource(paths.seeded), openSqliteSource(target)];
  try {
    return await verifyCopy(a, b, tables, 3);
  } finally {
    await a.close();
    await b.close();
  }
}

describe("verifyCopy", () => {
  it("passes an untouched copy, with one digest per table", { timeout: 60_000 }, async () => {
    const checks = await verify(await copied("same.db"));
    expect(checks.map((c) => c.table)).toEqual(tables);
    for (const check of checks) expect(check.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names the table and row whose contents changed, and never the contents", { timeout: 60_000 }, async () => {
    const target = await copied("edited.db");
    change(target, "UPDATE topics SET text = text || '!' WHERE id = (SELECT max(id) FROM topics)");
    const failure = await verify(target).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CopyMismatchError);
    expect((failure as Error).message).toMatch(/^table topics: row \d+ \(in primary key order\) differs$/);
    expect((failure as Error).message).not.toContain(awkwardText.slice(0, 4));
  });

  it("notices a timestamp moved by one millisecond", { timeout: 60_000 }, async () => {
    const target = await copied("shifted.db");
    change(target, "UPDATE answers SET answered_at = answered_at + 1 WHERE id = (SELECT min(id) FROM answers)");
    await expect(verify(target)).rejects.toThrow("table answers: row 1 (in primary key order) differs");
  });

  it("names the table that lost a row", { timeout: 60_000 }, async () => {
    const target = await copied("short.db");
    change(target, "DELETE FROM clinician_menus");
    await expect(verify(target)).rejects.toThrow("table clinician_menus: 1 row(s) in the source, 0 in the target");
  });
});
