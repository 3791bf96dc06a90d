import { describe, expect, it } from "vitest";
import { isPostgresUrl, redactDatabaseUrl, redactUrlsIn } from "../../../src/db/postgres/url.js";

describe("database URLs as they may be shown", () => {
  it("keep host, port and database but never the password", () => {
    const shown = redactDatabaseUrl("postgres://alice:s3cret-pw@db.example:5433/practice");
    expect(shown).toBe("postgres://alice:<redacted>@db.example:5433/practice");
    expect(shown).not.toContain("s3cret-pw");
  });

  it("show a malformed postgres URL only by its scheme", () => {
    expect(redactDatabaseUrl("postgres://alice:pw@[bad")).toBe("postgres://<redacted>");
  });

  it("take the password out of any text quoting it, with or without its URL", () => {
    const url = "postgresql://bob:p%40ss%3Aword@localhost/x";
    const text = `failed: ${url} and again p@ss:word, and postgres://eve:other@h/db`;
    const clean = redactUrlsIn(text, url);
    expect(clean).not.toMatch(/p%40ss|p@ss:word|other@/);
    expect(clean).toContain("postgres://eve:<redacted>@h/db");
  });

  it("still redact a password whose percent-escapes do not decode, without throwing", () => {
    const url = "postgres://bob:bad%zzpass@localhost/x";
    expect(redactUrlsIn(`could not connect to ${url} with bad%zzpass`, url)).not.toContain("bad%zzpass");
  });

  it("tell a postgres URL from a file path", () => {
    expect(isPostgresUrl("postgres://h/db")).toBe(true);
    expect(isPostgresUrl("POSTGRESQL://h/db")).toBe(true);
    expect(isPostgresUrl("./data/interlude.db")).toBe(false);
  });
});
