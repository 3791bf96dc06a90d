/**
 * The CLI imports a command's module only when that command runs (so `--help` and `client list` start
 * fast); the top-level listing comes from a table in program.ts. These check that the table says
 * exactly what the commands themselves would, that a named command still gets its full help, and that
 * the context's `beforeAction` (index.ts loads the database and prompt modules there) runs before a
 * command's action and never for help alone.
 */
import { describe, expect, it } from "vitest";
import { buildProgram, runCli, topLevelCommandNames } from "../../src/cli/program.js";
import { cli } from "../helpers/cli.js";

describe("the top-level command listing", () => {
  it("is the same whether or not every command's module is loaded", async () => {
    const { context } = cli();
    const listed = await buildProgram(context, new Set());
    const loaded = await buildProgram(context, new Set(topLevelCommandNames));
    expect(listed.helpInformation()).toEqual(loaded.helpInformation());
    expect(loaded.commands.find((c) => c.name() === "client")?.commands.map((c) => c.name())).toContain("list");
  });

  it("gives a named command its own subcommands, through --help or help", async () => {
    const c = cli();
    for (const argv of [
      ["client", "--help"],
      ["help", "client"],
    ]) {
      const result = await c.run(...argv);
      expect(result.code).toBe(0);
      const help = result.out.join("\n");
      expect(help).toContain("Usage: interlude client [options] [command]");
      expect(help).toMatch(/^ {2}list \[options\] +list clients with status and last answer$/m);
    }
    const unknown = await c.run("clinet", "list");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'clinet'");
    expect(unknown.err).toContain("(Did you mean client?)");
  });
});

describe("beforeAction", () => {
  it("runs once before a command and not for help or a usage error", async () => {
    let calls = 0;
    const base = { ...cli().context, beforeAction: async () => void calls++ };
    expect(await runCli(["--help"], base)).toBe(0);
    expect(await runCli(["client", "--help"], base)).toBe(0);
    expect(await runCli(["client", "list", "--bogus"], base)).toBe(2);
    expect(calls).toBe(0);
    expect(await runCli(["client", "list", "--json"], base)).toBe(0);
    expect(calls).toBe(1);
  });
});
