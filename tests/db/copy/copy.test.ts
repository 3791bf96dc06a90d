/**
 * `copyDatabase` between SQLite files (always) and through PostgreSQL (with a test server): a seeded
 * practice arrives with every row identical; a non-empty target, a waiting risk spool and a target
 * that does not read back as the source all leave the target as it was.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyDatabase } from "../../../src/db/copy/copy.js";
import { CopyMismatchError, CopyRefusedError } from "../../../src/db/copy/errors.js";
import { parseLocation } from "../../../src/db/copy/locations.js";
import { spoolFileBeside } from "../../../src/db/database-files.js";
import { awkwardText, seededPracticeFolder, seedPracticeFile } from "../../helpers/copy-seed.js";
import { describePostgres, freshPostgresDatabase, type ScratchDatabase } from "../../helpers/postgres.js";
import { schemaTables, storedRows } from "../../helpers/sqlite-rows.js";

const slow = { timeout: 120_000 };
const sqlite = (path: string) => parseLocation(path, "--test");
const fileDigest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

const paths = seededPracticeFolder("interlude-copy-");

describe("copying a SQLite practice", () => {
  it("starts from a practice with rows in every table of the schema", () => {
    for (const [table, rows] of storedRows(paths.seeded)) expect(rows.length, table).toBeGreaterThan(0);
    expect(JSON.stringify(storedRows(paths.seeded).get("topics"))).toContain(JSON.stringify(awkwardText).slice(1, -1));
  });

  it("into a new file gives the same rows in every table, and reports each table", slow, async () => {
    const target = join(paths.folder, "copy.db");
    const report = await copyDatabase(sqlite(paths.seeded), sqlite(target), { batchSize: 7 });
    expect(report.tables.map((t) => t.table).sort()).toEqual(schemaTables.map((t) => t.name).sort());
    expect(storedRows(target)).toEqual(storedRows(paths.seeded));
  });

  it("refuses a target with rows, naming them, and leaves it byte for byte as it was", slow, async () => {
    const target = join(paths.folder, "occupied.db");
    seedPracticeFile(target);
    const before = fileDigest(target);
    const refusal = await copyDatabase(sqlite(paths.seeded), sqlite(target)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CopyRefusedError);
    expect((refusal as Error).message).toMatch(/the target is not empty \(rows in .*answers.*\)/);
    expect(fileDigest(target)).toBe(before);
  });

  it("refuses while the source's risk spool holds a disclosure, and creates no target", slow, async () => {
    const source = join(paths.folder, "spooled.db");
    seedPracticeFile(source);
    writeFileSync(spoolFileBeside(source), `${JSON.stringify({ platform: "telegram", updateId: "9" })}\n`);
    const target = join(paths.folder, "from-spooled.db");
    const refusal = await copyDatabase(sqlite(source), sqlite(target)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CopyRefusedError);
    expect((refusal as Error).message).toContain("risk spool");
    expect((refusal as Error).message).toContain("Start Interlude on this database");
    expect(existsSync(target)).toBe(false);
    // Replayed (the spool emptied, as replay leaves it), the copy goes ahead.
    writeFileSync(spoolFileBeside(source), "");
    await copyDatabase(sqlite(source), sqlite(target));
    expect(storedRows(target)).toEqual(storedRows(source));
  });

  it("rolls back a target that does not read back as the source, naming the table", slow, async () => {
    const target = join(paths.folder, "tampered.db");
    const failure = await copyDatabase(sqlite(paths.seeded), sqlite(target), {
      beforeVerify: (written) =>
        written.insert("erasures", [{ id: 777, client_id: 777, erased_at: new Date(0), actor: "cli" }]),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CopyMismatchError);
    expect((failure as Error).message).toBe("table erasures: 1 row(s) in the source, 2 in the target");
    expect(existsSync(target)).toBe(false);
  });

  it("refuses a missing source and the same database on both sides", async () => {
    await expect(
      copyDatabase(sqlite(join(paths.folder, "none.db")), sqlite(join(paths.folder, "x.db"))),
    ).rejects.toThrow(/--from: no database at .*none\.db/);
    await expect(copyDatabase(sqlite(paths.seeded), sqlite(paths.seeded))).rejects.toThrow("name the same database");
  });
});

describePostgres("copying through PostgreSQL", () => {
  let scratch: ScratchDatabase;
  let other: ScratchDatabase;
  beforeAll(async () => {
    // Collated by language, as a production server would be: text keys must still come back in byte order.
    [scratch, other] = [await freshPostgresDatabase({ icuLocale: "en" }), await freshPostgresDatabase()];
  }, 60_000);
  afterAll(async () => {
    await scratch?.drop();
    await other?.drop();
  });
  const postgres = (url: string) => parseLocation(url, "--test");

  it("SQLite → PostgreSQL → SQLite gives back identical rows in every table", slow, async () => {
    const there = await copyDatabase(sqlite(paths.seeded), postgres(scratch.url), { batchSize: 50 });
    const back = join(paths.folder, "restored.db");
    const again = await copyDatabase(postgres(scratch.url), sqlite(back), { batchSize: 50 });
    expect(storedRows(back)).toEqual(storedRows(paths.seeded));
    // The same digests both ways: they are computed alike on each dialect.
    expect(again.tables.map((t) => [t.table, t.digest]).sort()).toEqual(
      there.tables.map((t) => [t.table, t.digest]).sort(),
    );
  });

  it("moves PostgreSQL's id sequences past the copied ids", slow, async () => {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const max = await client.query<{ id: number }>("SELECT max(id) AS id FROM practices");
      const added = await client.query<{ id: number }>(
        "INSERT INTO practices (name, timezone, locale, created_at) VALUES ('P', 'UTC', 'en', now()) RETURNING id",
      );
      expect(added.rows[0]?.id).toBe((max.rows[0]?.id ?? 0) + 1);
    } finally {
      await client.end();
    }
  });

  it("refuses a PostgreSQL target with rows and changes nothing in it", slow, async () => {
    const count = async () => {
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        return (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM answers")).rows[0]?.n;
      } finally {
        await client.end();
      }
    };
    const before = await count();
    await expect(copyDatabase(sqlite(paths.seeded), postgres(scratch.url))).rejects.toThrow(/the target is not empty/);
    expect(await count()).toBe(before);
  });

  it("rolls back a PostgreSQL target that does not verify, leaving it empty", slow, async () => {
    const failure = await copyDatabase(sqlite(paths.seeded), postgres(other.url), {
      beforeVerify: (written) =>
        written.insert("erasures", [{ id: 777, client_id: 777, erased_at: new Date(0), actor: "cli" }]),
    }).catch((e: unknown) => e);
    expect((failure as Error).message).toBe("table erasures: 1 row(s) in the source, 2 in the target");
    // Empty (migrated), so the same copy now succeeds.
    await copyDatabase(sqlite(paths.seeded), postgres(other.url));
  });
});
