/**
 * A bad option names the option, in plain words, with what was given.
 */
import { describe, expect, it } from "vitest";
import { localeArg, parseArg } from "../../src/cli/arguments.js";
import { cli } from "../helpers/cli.js";

describe("option values", () => {
  it("names the option and the allowed values in plain words", () => {
    expect(() => parseArg(localeArg, "fr", "--locale")).toThrow('--locale: must be en, sv or zh, not "fr"');
    expect(() => parseArg(localeArg, "", "--locale")).toThrow('--locale: must be en, sv or zh, not ""');
  });

  it("reaches the person running the command that way", async () => {
    const c = cli();
    const result = await c.run("practice", "init", "--name", "A", "--timezone", "Europe/Stockholm", "--locale", "fr");
    expect(result).toMatchObject({ code: 2, err: 'error: --locale: must be en, sv or zh, not "fr"' });
  });
});
