/**
 * An alias that looks like a real name gets a warning on stderr (and in --json); the command still
 * succeeds, since only the practice can know whether "Oak Tree" is a pseudonym.
 */
import { describe, expect, it } from "vitest";
import { cli, setUp } from "../helpers/cli.js";

describe("a new alias that looks like a name", () => {
  it("client add warns and still adds the client", async () => {
    const c = cli();
    const { therapistId } = await setUp(c);
    const added = await c.run("client", "add", "--therapist", String(therapistId), "--alias", "Anna Svensson");
    expect(added.code).toBe(0);
    expect(added.out[0]).toMatch(/^Added client \d+ \(Anna Svensson\)\.$/);
    expect(added.err).toContain(
      "warning: --alias looks like a real name (it has two or more capitalised words). Aliases must never be names",
    );
    const json = await c.run("client", "add", "--therapist", String(therapistId), "--alias", "erik-2", "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out[0] as string).warnings).toEqual([
      'warning: --alias looks like a real name (a word of it is a common first name). Aliases must never be names; if this is one, erase the client (client erase ID) and add them again under a pseudonym such as "Oak-7".',
    ]);
    expect(c.handle.sqlite.prepare("select count(*) from clients").pluck().get()).toBe(3);
  });

  it("therapist add warns too", async () => {
    const c = cli();
    const { practiceId } = await setUp(c);
    const added = await c.run("therapist", "add", "--practice", String(practiceId), "--alias", "Lena Berg");
    expect(added.code).toBe(0);
    expect(added.err).toContain("warning: --alias looks like a real name");
  });

  it("a pseudonym gets no warning", async () => {
    const c = cli();
    const { therapistId } = await setUp(c);
    const added = await c.run("client", "add", "--therapist", String(therapistId), "--alias", "Birch-2");
    expect(added).toMatchObject({ code: 0, err: "" });
    const json = await c.json("client", "add", "--therapist", String(therapistId), "--alias", "Elm-1");
    expect(json).not.toHaveProperty("warnings");
  });
});
