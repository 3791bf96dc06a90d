/**
 * Every CLI command that writes a file goes through one output-path check, so no `--out` can destroy
 * data: the live database, its -wal, -shm and risk spool, and anything inside its folder are refused
 * outright (--force or not, through symbolic links and relative paths too); an existing file is
 * replaced only with --force; what is written appears whole, 0600, with no temporary file left.
 * Each refusal exits 2, says why and what to do instead, and writes and changes nothing.
 */
import { createHash } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock.js";
import { type DatabaseHandle, openDatabase } from "../../src/db/connection.js";
import { cli, setUp, snapshot } from "../helpers/cli.js";

let dir: string;
let handle: DatabaseHandle | undefined;
afterEach(() => {
  handle?.close();
  handle = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A live database in its own data folder (as in production), and a folder outside it to write to. */
async function scene() {
  dir = mkdtempSync(join(tmpdir(), "interlude-out-path-"));
  const data = join(dir, "data");
  const live = join(data, "interlude.db");
  handle = openDatabase(live);
  const c = cli({ INTERLUDE_DB: live }, { handle, clock: new FakeClock("2026-11-25T09:00:00Z") });
  const ids = await setUp(c);
  writeFileSync(`${live}.risk-spool`, "");
  const outside = join(dir, "outside");
  mkdirSync(outside);
  return { c, ids, data, live, outside };
}

type Scene = Awaited<ReturnType<typeof scene>>;
type Writer = (s: Scene, out: string) => string[];

/** Every command that writes one file, with the arguments that make it write to `out`. */
const fileWriters: Record<string, Writer> = {
  summary: (s, out) => ["summary", "--therapist", String(s.ids.therapistId), "--out", out],
  "summary --format html": (s, out) => [
    "summary",
    "--therapist",
    String(s.ids.therapistId),
    "--format",
    "html",
    "--out",
    out,
  ],
  "client export": (s, out) => ["client", "export", String(s.ids.clientId), "--out", out],
  backup: (_s, out) => ["backup", "--out", out],
};
const csvExport: Writer = (s, out) => ["client", "export", String(s.ids.clientId), "--format", "csv", "--out", out];

const digest = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** Everything that must stay as it was when a write is refused. */
function state(s: Scene) {
  return {
    live: digest(s.live),
    data: readdirSync(s.data).sort(),
    outside: readdirSync(s.outside).sort(),
    rows: snapshot(s.c.handle),
  };
}

describe.each(Object.entries(fileWriters))("%s --out", (_name, writer) => {
  it("refuses the live database, its files and its folder outright, even with --force", async () => {
    const s = await scene();
    symlinkSync(s.live, join(s.outside, "link.db"));
    symlinkSync(s.data, join(s.outside, "data-link"));
    const before = state(s);
    const fromHere = relative(process.cwd(), s.live);
    const cases: Array<[string, string]> = [
      [fromHere, `refusing to write ${fromHere}: it is Interlude's live database`],
      [`${s.outside}/../data/interlude.db`, "it is Interlude's live database"],
      [`${s.live}-wal`, "it is the live database's write-ahead log"],
      [`${s.live}-shm`, "it is the live database's shared-memory file"],
      [`${s.live}.risk-spool`, "it is the live database's risk spool"],
      [join(s.outside, "link.db"), "it is Interlude's live database"],
      [join(s.data, "report.out"), "it is inside Interlude's data folder"],
      [join(s.outside, "data-link", "report.out"), "it is inside Interlude's data folder"],
    ];
    for (const [out, message] of cases) {
      const result = await s.c.run(...writer(s, out), "--force");
      expect(result.code, out).toBe(2);
      expect(result.err, out).toContain(message);
      expect(result.err, out).toContain("choose a path outside");
    }
    expect(state(s)).toEqual(before);
  });

  it("refuses an existing file without --force, and replaces it with --force", async () => {
    const s = await scene();
    const out = join(s.outside, "existing.out");
    writeFileSync(out, "keep me");
    const before = state(s);
    const refused = await s.c.run(...writer(s, out));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`refusing to write ${out}: it already exists; choose another name or add --force`);
    expect(state(s)).toEqual(before);

    const forced = await s.c.run(...writer(s, out), "--force");
    expect(forced, forced.err).toMatchObject({ code: 0 });
    expect(readFileSync(out, "utf8")).not.toBe("keep me");
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it("writes a new file whole, 0600, leaving no temporary file beside it", async () => {
    const s = await scene();
    const out = join(s.outside, "new.out");
    const result = await s.c.run(...writer(s, out));
    expect(result, result.err).toMatchObject({ code: 0 });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(s.outside).filter((name) => !name.startsWith("new.out."))).toContain("new.out");
    expect(readdirSync(s.outside).filter((name) => name.includes("tmp") || name.includes("partial"))).toEqual([]);
  });
});

describe("client export --format csv --out", () => {
  it("refuses the data folder and any folder inside it, even with --force", async () => {
    const s = await scene();
    const before = state(s);
    for (const [out, message] of [
      [s.data, "it is Interlude's data folder"],
      [join(s.data, "csv"), "it is inside Interlude's data folder"],
    ] as const) {
      const result = await s.c.run(...csvExport(s, out), "--force");
      expect(result.code, out).toBe(2);
      expect(result.err, out).toContain(message);
    }
    expect(state(s)).toEqual(before);
  });

  it("refuses to replace CSV files already in the folder without --force, and replaces them with it", async () => {
    const s = await scene();
    const out = join(s.outside, "csv");
    mkdirSync(out);
    writeFileSync(join(out, "answers.csv"), "keep me");
    writeFileSync(join(out, "unrelated.txt"), "not ours");
    const before = state(s);
    const refused = await s.c.run(...csvExport(s, out));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${join(out, "answers.csv")}: it already exists`);
    expect(readdirSync(out).sort()).toEqual(["answers.csv", "unrelated.txt"]);
    expect(readFileSync(join(out, "answers.csv"), "utf8")).toBe("keep me");
    expect(state(s)).toEqual(before);

    const forced = await s.c.run(...csvExport(s, out), "--force");
    expect(forced, forced.err).toMatchObject({ code: 0 });
    expect(readFileSync(join(out, "answers.csv"), "utf8")).not.toBe("keep me");
    expect(readFileSync(join(out, "unrelated.txt"), "utf8")).toBe("not ours");
  });
});

describe("every writer", () => {
  it("checks its --out with the one shared helper", () => {
    const commands = resolve(import.meta.dirname, "../../src/cli/commands");
    const writers = readdirSync(commands).filter((file) =>
      /[oO]ption\(\s*"--out\b/.test(readFileSync(join(commands, file), "utf8")),
    );
    expect(writers.sort()).toEqual(["backup.ts", "client-privacy.ts", "summary.ts"]);
    for (const file of writers) {
      expect(readFileSync(join(commands, file), "utf8"), file).toMatch(/checkOutPath\(/);
    }
  });
});
