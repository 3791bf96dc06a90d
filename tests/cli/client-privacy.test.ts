/**
 * `client export` and `client erase` from the CLI: files appear whole with mode 0600 and match the
 * schema; erasure asks a person (or wants --yes from a script) and refuses while a risk alert is open;
 * every refusal exits 2 with nothing written and nothing changed.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { askLine, isInteractive } from "../../src/cli/terminal.js";
import { auditLog, clients, erasures } from "../../src/db/schema.js";
import { Engine } from "../../src/engine/engine.js";
import { silentLogger } from "../../src/logger.js";
import { clientExportSchema } from "../../src/privacy/export-schema.js";
import { type Cli, cli, snapshot } from "../helpers/cli.js";
import { prompts } from "../helpers/harness.js";
import { fullClient, fullClientScene } from "../helpers/privacy.js";

vi.mock("../../src/cli/terminal.js", () => ({ isInteractive: vi.fn(() => false), askLine: vi.fn(async () => "") }));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "interlude-export-"));
  vi.clearAllMocks();
  vi.mocked(isInteractive).mockReturnValue(false);
  vi.mocked(askLine).mockResolvedValue("");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function withFullClient(options: { acknowledge?: boolean } = {}) {
  const c = cli();
  const engine = new Engine({ db: c.handle.db, clock: c.clock, prompts: prompts(), logger: silentLogger });
  const scene = fullClientScene({ handle: c.handle, clock: c.clock, engine }, options);
  return { c, scene, id: String(scene.seeded.clientId) };
}

const actions = (c: Cli, action: string) =>
  c.handle.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe("client export", () => {
  it("writes one JSON file, 0600, that parses with the schema; and audits it", async () => {
    const { c, scene, id } = withFullClient();
    const out = join(dir, "export.json");
    const result = await c.json("client", "export", id, "--format", "json", "--out", out);
    expect(result).toMatchObject({ clientId: scene.seeded.clientId, format: "json", out, files: [out] });
    expect(readdirSync(dir)).toEqual(["export.json"]);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const doc = clientExportSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(doc.client.alias).toBe(fullClient.alias);
    expect(doc.notes.map((n) => n.text)).toEqual([fullClient.note]);
    expect(actions(c, "client.exported")).toMatchObject([
      { actor: "cli", subject: `client:${id}`, detail: { format: "json" } },
    ]);
  });

  it("writes CSV files into a new directory, or into an existing one", async () => {
    const { c, id } = withFullClient();
    const fresh = join(dir, "fresh");
    const human = await c.run("client", "export", id, "--format", "csv", "--out", fresh);
    expect(human.code).toBe(0);
    expect(human.out.join("\n")).not.toContain(fullClient.alias);
    expect(readdirSync(fresh)).toContain("answers.csv");
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    expect(statSync(join(fresh, "notes.csv")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(fresh, "notes.csv"), "utf8")).toContain(`"${fullClient.note}"`);

    const existing = join(dir, "existing");
    mkdirSync(existing);
    await c.json("client", "export", id, "--format", "csv", "--out", existing);
    expect(readdirSync(existing).sort()).toEqual(readdirSync(fresh).sort());
    expect(readdirSync(dir).sort()).toEqual(["existing", "fresh"]);
  });

  it("refuses bad input with exit 2, writing and changing nothing", async () => {
    const { c, id } = withFullClient();
    const aFile = join(dir, "a-file");
    writeFileSync(aFile, "keep me");
    const before = snapshot(c.handle);
    const cases: Array<[string[], string]> = [
      [["client", "export", "999", "--out", join(dir, "x.json")], "no client with id 999"],
      [["client", "export", "abc", "--out", join(dir, "x.json")], "<client>: must be a number"],
      [["client", "export", id, "--format", "xml", "--out", join(dir, "x.xml")], "--format: must be json or csv"],
      [["client", "export", id, "--out", join(dir, "missing", "x.json")], "cannot write in"],
      [["client", "export", id, "--out", dir], "is a directory"],
      [["client", "export", id, "--format", "csv", "--out", aFile], "is a file"],
      [["client", "export", id, "--format", "csv", "--out", join(dir, "missing", "csv")], "cannot write in"],
      [["client", "export", id], "required option '--out <path>'"],
    ];
    for (const [argv, message] of cases) {
      const result = await c.run(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err).toContain(message);
    }
    expect(readdirSync(dir)).toEqual(["a-file"]);
    expect(readFileSync(aFile, "utf8")).toBe("keep me");
    expect(snapshot(c.handle)).toEqual(before);
  });
});

describe("client erase", () => {
  it("erases with --yes and prints ids and counts only", async () => {
    const { c, scene, id } = withFullClient();
    const result = await c.json("client", "erase", id, "--yes");
    expect(result).toMatchObject({ clientId: scene.seeded.clientId, erasureId: expect.any(Number) });
    expect(JSON.stringify(result)).not.toContain(fullClient.alias);
    expect((result.deleted as Record<string, number>).answers).toBeGreaterThan(0);
    expect(c.handle.db.select().from(clients).where(eq(clients.id, scene.seeded.clientId)).get()).toBeUndefined();
    expect(c.handle.db.select().from(erasures).all()).toMatchObject([
      { clientId: scene.seeded.clientId, actor: "cli" },
    ]);
  });

  it("needs --yes when nobody is at a terminal", async () => {
    const { c, id } = withFullClient();
    const before = snapshot(c.handle);
    const result = await c.run("client", "erase", id);
    expect(result.code).toBe(2);
    expect(result.err).toContain("add --yes");
    expect(askLine).not.toHaveBeenCalled();
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("asks a person at a terminal to type the alias, and stops at anything else", async () => {
    const { c, scene, id } = withFullClient();
    vi.mocked(isInteractive).mockReturnValue(true);
    const before = snapshot(c.handle);
    vi.mocked(askLine).mockResolvedValueOnce("willow-93");
    const wrong = await c.run("client", "erase", id);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("the alias did not match; nothing was deleted");
    expect(snapshot(c.handle)).toEqual(before);

    vi.mocked(askLine).mockResolvedValueOnce(` ${fullClient.alias}\n`);
    const right = await c.run("client", "erase", id);
    expect(right.code).toBe(0);
    expect(right.out.join("\n")).toContain(`Erased client ${scene.seeded.clientId}`);
    expect(c.handle.db.select().from(erasures).all()).toHaveLength(1);
  });

  it("is refused while a risk alert is open: a clinician acknowledges it first", async () => {
    const { c, scene, id } = withFullClient({ acknowledge: false });
    const before = snapshot(c.handle);
    const result = await c.run("client", "erase", id, "--yes");
    expect(result.code).toBe(2);
    expect(result.err).toContain(`open risk alert (#${scene.alertId})`);
    expect(result.err).toContain("a clinician must acknowledge it first");
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("refuses an unknown or malformed client id", async () => {
    const { c } = withFullClient();
    const before = snapshot(c.handle);
    expect((await c.run("client", "erase", "999", "--yes")).err).toContain("no client with id 999");
    expect((await c.run("client", "erase", "-1", "--yes")).code).toBe(2);
    expect((await c.run("client", "erase", "0", "--yes")).code).toBe(2);
    expect(snapshot(c.handle)).toEqual(before);
  });
});
