/**
 * The CSV encoder: RFC 4180 quoting for the characters that need it, and nothing else touched.
 */
import { describe, expect, it } from "vitest";
import { encodeCsv } from "../../src/privacy/csv.js";

describe("encodeCsv", () => {
  it("leaves plain fields alone and ends every record with CRLF", () => {
    expect(
      encodeCsv(
        ["a", "b"],
        [
          ["x", 1],
          [true, null],
        ],
      ),
    ).toBe("a,b\r\nx,1\r\ntrue,\r\n");
  });

  it("quotes commas, quotes, line breaks and edge spaces, doubling quotes inside", () => {
    const rows = [["a,b"], ['say "hi"'], ["line one\nline two"], ["cr\r\nlf"], [" padded "], ['"']];
    expect(encodeCsv(["v"], rows)).toBe(
      `${["v", '"a,b"', '"say ""hi"""', '"line one\nline two"', '"cr\r\nlf"', '" padded "', '""""'].join("\r\n")}\r\n`,
    );
  });

  it("writes any Unicode as it is, and an empty string as an empty field", () => {
    expect(encodeCsv(["v", "w"], [["我们的合作方式适合我。", ""]])).toBe("v,w\r\n我们的合作方式适合我。,\r\n");
  });

  it("keeps the client's words as written, even ones a spreadsheet might read as a formula", () => {
    expect(encodeCsv(["v"], [["=1+1"]])).toBe("v\r\n=1+1\r\n");
  });

  it("refuses a row with the wrong number of fields", () => {
    expect(() => encodeCsv(["a", "b"], [["only one"]])).toThrow(/record 1 has 1 fields, expected 2/);
  });
});
