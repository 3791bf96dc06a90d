/**
 * `db copy` at the command line: a verified copy is reported table by table; every refusal (missing
 * options, a missing file, an unreachable or malformed URL, a non-empty target) is exit 2 with one
 * clear line, no stack trace and no password.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { seededPracticeFolder } from "../helpers/copy-seed.js";
import { describePostgres, freshPostgresDatabase, type ScratchDatabase } from "../helpers/postgres.js";
import { schemaTables } from "../helpers/sqlite-rows.js";

const slow = { timeout: 120_000 };

const paths = seededPracticeFolder("interlude-cli-copy-");

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe("db copy", () => {
  it("copies and reports every table with its rows and digest", slow, async () => {
    const target = join(paths.folder, "copy.db");
    const result = await cli().run("db", "copy", "--from", paths.seeded, "--to", target);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(
      new RegExp(`^Copied .*practice\\.db to .*copy\\.db: \\d+ rows in ${schemaTables.length} tables\\.$`),
    );
    expect(result.out).toContainEqual(expect.stringMatching(/^ {2}answers: \d+ rows, sha256 [0-9a-f]{16}$/));
    expect(result.out.at(-1)).toContain("Verified");
  });

  it("prints one JSON object with --json", slow, async () => {
    const c = cli();
    const report = await c.json("db", "copy", "--from", paths.seeded, "--to", join(paths.folder, "json.db"));
    expect((report.tables as unknown[]).length).toBe(schemaTables.length);
  });

  it("refuses a non-empty target with exit 2", slow, async () => {
    const result = await cli().run(
      "db",
      "copy",
      "--from",
      paths.seeded,
      "--to",
      paths.seeded.replace("practice", "copy"),
    );
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^error: .*copy\.db: the target is not empty/);
  });

  it("says what is missing: an option, or the file", async () => {
    const c = cli();
    const noFrom = await c.run("db", "copy", "--to", join(paths.folder, "y.db"));
    expect(noFrom).toMatchObject({
      code: 2,
      err: "error: --from: required: the SQLite file or postgres:// URL to copy",
    });
    const missing = await c.run(
      "db",
      "copy",
      "--from",
      join(paths.folder, "nowhere.db"),
      "--to",
      join(paths.folder, "y.db"),
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: --from: no database at .*nowhere\.db$/);
    const badBatch = await c.run(
      "db",
      "copy",
      "--from",
      paths.seeded,
      "--to",
      join(paths.folder, "y.db"),
      "--batch-size",
      "0",
    );
    expect(badBatch.code).toBe(2);
  });

  it("refuses an unreachable or malformed URL without printing its password", { timeout: 60_000 }, async () => {
    const c = cli();
    const unreachable = await c.run(
      "db",
      "copy",
      "--from",
      paths.seeded,
      "--to",
      "postgres://u:hunter2-pw@127.0.0.1:1/x",
    );
    expect(unreachable.code).toBe(2);
    expect(unreachable.err).toMatch(/^error: postgres: cannot open postgres:\/\/u:<redacted>@127\.0\.0\.1:1\/x: /);
    const malformed = await c.run(
      "db",
      "copy",
      "--from",
      "postgres://u:hunter2-pw@[x/db",
      "--to",
      join(paths.folder, "z.db"),
    );
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain("--from: not a valid URL");
    for (const result of [unreachable, malformed]) {
      expect(result.err).not.toContain("hunter2-pw");
      noStack(result.err);
    }
  });
});

describePostgres("db copy with PostgreSQL", () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await freshPostgresDatabase();
  }, 60_000);
  afterAll(async () => {
    await scratch?.drop();
  });

  it("copies to PostgreSQL and back, never printing the URL's password", slow, async () => {
    // The test server trusts loopback, so any password is accepted: enough to see it never printed.
    const url = new URL(scratch.url);
    url.password = "hunter2-pw";
    const c = cli();
    const there = await c.run("db", "copy", "--from", paths.seeded, "--to", url.toString());
    expect(there.code, there.err).toBe(0);
    const back = await c.run("db", "copy", "--from", url.toString(), "--to", join(paths.folder, "restored.db"));
    expect(back.code, back.err).toBe(0);
    const again = await c.run("db", "copy", "--from", paths.seeded, "--to", url.toString());
    expect(again.code).toBe(2);
    for (const result of [there, back, again]) {
      expect([...result.out, result.err].join("\n")).not.toContain("hunter2-pw");
    }
    expect(there.out[0]).toContain("<redacted>@");
  });
});
