/**
 * Strict UTF-8 decoding of the files people edit: valid text comes back unchanged, anything else is
 * refused with the line of the first bad byte, never replaced with U+FFFD.
 */

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8, NotUtf8Error, readUtf8File } from "../../src/text/utf8-file.js";

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

function badLine(input: Uint8Array): number {
  try {
    decodeUtf8(input);
  } catch (error) {
    expect(error).toBeInstanceOf(NotUtf8Error);
    return (error as NotUtf8Error).line;
  }
  throw new Error("expected the bytes to be refused");
}

describe("decodeUtf8", () => {
  it("returns valid text as it is, in every script, a real U+FFFD included, without a byte-order mark", () => {
    const text = "name: Söder Therapy\nzh: 你好\nemoji: 🙂\nreplacement: \uFFFD\n";
    expect(decodeUtf8(bytes(text))).toBe(text);
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], text))).toBe(text);
    expect(decodeUtf8(new Uint8Array())).toBe("");
  });

  it.each([
    ["a Latin-1 ö on line 1", bytes("name: S", [0xf6], "der\n"), 1],
    ["a Latin-1 ö on line 3", bytes("a: 1\nb: 2\nname: S", [0xf6], "der\nc: 3\n"), 3],
    ["a lone continuation byte", bytes("a\n\n", [0x80], "\n"), 3],
    ["a sequence cut short by the end of its line", bytes("a: ", [0xe4, 0xbd], "\nb: ok\n"), 1],
    ["a sequence cut short by the end of the file", bytes("a\nb: ", [0xe4, 0xbd]), 2],
    ["an overlong encoding of /", bytes("x\ny\n", [0xc0, 0xaf]), 3],
    ["an encoded surrogate", bytes([0xed, 0xa0, 0x80]), 1],
    ["0xFF after CRLF lines", bytes("a\r\nb\r\n", [0xff], "\r\n"), 3],
  ])("refuses %s and names its line", (_name, input, line) => {
    expect(badLine(input)).toBe(line);
  });

  it("names the first bad line when there are several", () => {
    expect(badLine(bytes("ok\n", [0xff], "\nok\n", [0xfe], "\n"))).toBe(2);
  });

  it("says `line N: not valid UTF-8`", () => {
    expect(() => decodeUtf8(bytes("a\nb", [0xff]))).toThrow(/^line 2: not valid UTF-8$/);
  });

  it("round-trips any text, and finds one bad byte put anywhere on its own line number", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }),
        fc.nat(),
        fc.constantFrom(0x80, 0xbf, 0xc0, 0xf5, 0xff),
        (text, at, bad) => {
          const encoded = Buffer.from(text, "utf8");
          expect(decodeUtf8(encoded)).toBe(text.startsWith("\uFEFF") ? text.slice(1) : text);
          // Insert at a character boundary, so the bad byte is the only problem.
          const chars = Array.from(text);
          const cut = at % (chars.length + 1);
          const before = chars.slice(0, cut).join("");
          const broken = bytes(before, [bad], chars.slice(cut).join(""));
          expect(badLine(broken)).toBe(before.split("\n").length);
        },
      ),
    );
  });
});

describe("readUtf8File", () => {
  it("reads a file strictly and leaves file-system errors as they are", () => {
    const dir = mkdtempSync(join(tmpdir(), "interlude-utf8-"));
    writeFileSync(join(dir, "good.yaml"), "name: Söder\n");
    writeFileSync(join(dir, "bad.yaml"), bytes("id: x\nname: S", [0xf6], "der\n"));
    expect(readUtf8File(join(dir, "good.yaml"))).toBe("name: Söder\n");
    expect(() => readUtf8File(join(dir, "bad.yaml"))).toThrow(new NotUtf8Error(2));
    expect(() => readUtf8File(join(dir, "missing.yaml"))).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});
