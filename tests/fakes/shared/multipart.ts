/**
 * A small multipart/form-data reader for the fakes, so they can accept file uploads.
 *
 * Node's own `Response.formData()` (undici) is stricter than the real servers: it refuses grammY's
 * uploads, which write `content-disposition:form-data;name="x";filename=chart.png` (no spaces, an
 * unquoted file name). Telegram accepts that, so the fake must too; this reader takes any header
 * spacing and quoted or bare parameter values, and still rejects bodies that are not multipart.
 */

export interface FormPart {
  /** The form field name (`name=` of Content-Disposition). */
  name: string;
  /** Present for file parts (`filename=`), absent for plain fields. */
  fileName?: string;
  /** The part's Content-Type header, when it has one. */
  contentType?: string;
  data: Buffer;
}

/** The body is not valid multipart/form-data; the fakes answer it with a 400. */
export class MultipartError extends Error {
  override name = "MultipartError";
}

/** The `boundary` parameter of a multipart/form-data Content-Type header. */
export function boundaryOf(contentType: string): string {
  const boundary = parameters(contentType).get("boundary");
  if (!boundary) throw new MultipartError("multipart/form-data without a boundary");
  return boundary;
}

/** Splits a multipart/form-data body into its parts, in order. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter may follow a preamble; every later one follows a line break.
  let at = body.subarray(0, delimiter.length).equals(delimiter) ? 0 : body.indexOf(between);
  if (at < 0) throw new MultipartError("no multipart boundary in the body");
  if (at > 0) at += 2;
  const parts: FormPart[] = [];
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString("latin1") === "--") return parts;
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd < 0) throw new MultipartError("multipart body ends inside a boundary line");
    const end = body.indexOf(between, lineEnd);
    if (end < 0) throw new MultipartError("multipart body has no closing boundary");
    parts.push(readPart(body.subarray(lineEnd + 2, end)));
    at = end + 2;
  }
}

function readPart(part: Buffer): FormPart {
  const headerEnd = part.indexOf("\r\n\r\n");
  // A part with no headers at all starts with the blank line.
  const headerText = headerEnd < 0 ? part.toString("utf8") : part.subarray(0, headerEnd).toString("utf8");
  const data = headerEnd < 0 ? Buffer.alloc(0) : part.subarray(headerEnd + 4);
  const headers = new Map<string, string>();
  for (const line of headerText.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get("content-disposition") ?? "";
  if (!/^form-data\s*(;|$)/i.test(disposition)) {
    throw new MultipartError("multipart part without Content-Disposition: form-data");
  }
  const params = parameters(disposition);
  const name = params.get("name");
  if (name === undefined) throw new MultipartError("multipart part without a field name");
  const fileName = params.get("filename");
  const contentType = headers.get("content-type");
  return {
    name,
    ...(fileName !== undefined ? { fileName } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
    data: Buffer.from(data),
  };
}

/** `; key=value` parameters of a header value; values may be quoted (with backslash escapes) or bare. */
function parameters(headerValue: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of headerValue.matchAll(/;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
    const key = (match[1] ?? "").toLowerCase();
    const raw = (match[2] ?? "").trim();
    found.set(key, raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw);
  }
  return found;
}
