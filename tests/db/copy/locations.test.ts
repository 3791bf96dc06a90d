import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CopyRefusedError } from "../../../src/db/copy/errors.js";
import { describeLocation, parseLocation, sameLocation } from "../../../src/db/copy/locations.js";

describe("parseLocation", () => {
  it("takes a postgres URL or a SQLite path", () => {
    expect(parseLocation("postgresql://u:pw@h:5432/db", "--to")).toEqual({
      kind: "postgres",
      url: "postgresql://u:pw@h:5432/db",
    });
    expect(parseLocation(" data/x.db ", "--to")).toEqual({ kind: "sqlite", path: resolve("data/x.db") });
  });

  it("refuses what it cannot copy, naming the option and never the password", () => {
    const refused = (value: string) => {
      try {
        parseLocation(value, "--from");
      } catch (error) {
        expect(error).toBeInstanceOf(CopyRefusedError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${value}`);
    };
    expect(refused("")).toBe("--from: must name a SQLite file or a postgres:// URL");
    expect(refused(":memory:")).toContain("in-memory");
    expect(refused("mysql://u:pw@h/db")).toContain("only postgres://");
    const malformed = refused("postgres://u:sekrit-pw@[::1/db");
    expect(malformed).toContain("not a valid URL");
    expect(malformed).not.toContain("sekrit-pw");
  });

  it("describes a URL without its password, and knows one database named twice", () => {
    const a = parseLocation("postgres://u:sekrit-pw@h/db", "--from");
    expect(describeLocation(a)).not.toContain("sekrit-pw");
    expect(sameLocation(a, parseLocation("postgres://other@h/db", "--to"))).toBe(true);
    expect(sameLocation(a, parseLocation("postgres://u@h/db2", "--to"))).toBe(false);
  });
});
