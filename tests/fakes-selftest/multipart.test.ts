/**
 * Self-test of the fakes' multipart reader and PNG helpers: it must read both grammY's compact
 * headers and the standard FormData that undici (and so @discordjs/rest) writes, keep file bytes
 * exact, and refuse bodies that are not multipart; tinyPng must make PNGs pngSize reads back.
 */
import { describe, expect, it } from "vitest";
import { boundaryOf, MultipartError, parseMultipart } from "../fakes/shared/multipart.js";
import { pngSize, tinyPng } from "../fakes/shared/png.js";

const crlf = "\r\n";

describe("parseMultipart", () => {
  it("reads grammY's compact headers: no spaces and a bare file name", () => {
    const png = tinyPng();
    const boundary = "----------abc123";
    const body = Buffer.concat([
      Buffer.from(`--${boundary}${crlf}content-disposition:form-data;name="chat_id"${crlf}${crlf}42`),
      Buffer.from(`${crlf}--${boundary}${crlf}content-disposition:form-data;name="photo"${crlf}${crlf}attach://x1`),
      Buffer.from(`${crlf}--${boundary}${crlf}content-disposition:form-data;name="x1";filename=week-1.png${crlf}`),
      Buffer.from(`content-type:application/octet-stream${crlf}${crlf}`),
      png,
      Buffer.from(`${crlf}--${boundary}--${crlf}`),
    ]);
    const parts = parseMultipart(body, boundaryOf(`multipart/form-data; boundary=${boundary}`));
    expect(parts.map((p) => [p.name, p.fileName, p.contentType])).toEqual([
      ["chat_id", undefined, undefined],
      ["photo", undefined, undefined],
      ["x1", "week-1.png", "application/octet-stream"],
    ]);
    expect(parts[0]?.data.toString()).toBe("42");
    expect(parts[2]?.data.equals(png)).toBe(true);
  });

  it("reads the standard FormData undici writes, with quoted names and a JSON field", async () => {
    const png = tinyPng(3, 3, 2);
    const form = new FormData();
    form.append("files[0]", new Blob([new Uint8Array(png)], { type: "image/png" }), "chart.png");
    form.append("payload_json", JSON.stringify({ content: 'line "one"\r\nline two' }));
    const request = new Request("http://fake.test/", { method: "POST", body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const parts = parseMultipart(body, boundaryOf(request.headers.get("content-type") ?? ""));
    expect(parts.map((p) => [p.name, p.fileName, p.contentType])).toEqual([
      ["files[0]", "chart.png", "image/png"],
      ["payload_json", undefined, undefined],
    ]);
    expect(parts[0]?.data.equals(png)).toBe(true);
    expect(JSON.parse(parts[1]?.data.toString() ?? "")).toEqual({ content: 'line "one"\r\nline two' });
  });

  it("refuses a body without the boundary, a missing closing boundary, and a part without a name", () => {
    expect(() => boundaryOf("multipart/form-data")).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from('{"chat_id":1}'), "b")).toThrow(MultipartError);
    expect(() =>
      parseMultipart(Buffer.from(`--b${crlf}content-disposition: form-data; name="a"${crlf}${crlf}1`), "b"),
    ).toThrow(/closing boundary/);
    expect(() =>
      parseMultipart(Buffer.from(`--b${crlf}content-disposition: form-data${crlf}${crlf}1${crlf}--b--`), "b"),
    ).toThrow(/field name/);
  });
});

describe("PNG helpers", () => {
  it("makes valid PNGs of the asked size whose bytes depend on the seed", () => {
    expect(pngSize(tinyPng(7, 4))).toEqual({ width: 7, height: 4 });
    expect(tinyPng(2, 2, 1).equals(tinyPng(2, 2, 2))).toBe(false);
    expect(pngSize(Buffer.from("GIF89a............................"))).toBeUndefined();
  });
});
