/**
 * Strict UTF-8 for the files people edit (practice.yaml, check-ins, prompts, lexicons): Node's
 * "utf8" decoding quietly turns a bad byte into U+FFFD, so a file saved as Latin-1 would load with
 * replacement boxes in clients' questions instead of being refused with the line to fix.
 */
import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";

export class NotUtf8Error extends Error {
  override name = "NotUtf8Error";
  /** `line` counts from 1: the line holding the first byte that is not UTF-8. */
  constructor(readonly line: number) {
    super(`line ${line}: not valid UTF-8`);
  }
}

// fatal: throw on the first bad byte instead of replacing it. A leading byte-order mark is dropped.
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** The text of `bytes`; throws NotUtf8Error naming the line of the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw new NotUtf8Error(firstInvalidLine(bytes));
  }
}

/** Reads a file as strict UTF-8; throws NotUtf8Error, or the file system's own error. */
export function readUtf8File(path: string): string {
  return decodeUtf8(readFileSync(path));
}

/**
 * The 1-based line of the first invalid byte. The newline byte 0x0A never occurs inside a multi-byte
 * UTF-8 sequence, so each line is valid or not on its own, and the first invalid line holds the first
 * invalid byte.
 */
function firstInvalidLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    if (!isUtf8(bytes.subarray(start, end)) || newline === -1) return line;
    line += 1;
    start = newline + 1;
  }
}
