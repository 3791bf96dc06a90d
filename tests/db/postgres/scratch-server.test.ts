/**
 * The test server itself: each file's database starts empty and is gone after drop, so PostgreSQL
 * tests cannot see each other's rows. CI runs this with INTERLUDE_REQUIRE_POSTGRES=1, so a server
 * that did not start fails here by name.
 */
import pg from "pg";
import { expect, it } from "vitest";
import { describePostgres, freshPostgresDatabase } from "../../helpers/postgres.js";

describePostgres("the PostgreSQL test server", () => {
  it("gives each test a fresh, empty database of its own and drops it after", async () => {
    const scratch = await freshPostgresDatabase();
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const version = await client.query<{ server_version_num: string }>("SHOW server_version_num");
      expect(Number(version.rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
      const tables = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rowCount).toBe(0);
    } finally {
      await client.end();
    }
    await scratch.drop();
    const other = new pg.Client({ connectionString: scratch.url });
    await expect(other.connect()).rejects.toThrow(/does not exist/);
    await other.end().catch(() => undefined);
  });
});
