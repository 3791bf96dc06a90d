/**
 * Just enough of the PNG format for tests: the fakes read a picture's size the way the platforms
 * report it, and tests make tiny but valid PNGs to send (no image library needed).
 */
import { deflateSync } from "node:zlib";

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, or undefined when the data is not a PNG. */
export function pngSize(data: Buffer): { width: number; height: number } | undefined {
  // The signature, then IHDR first: length (4), type (4), width (4), height (4).
  if (data.length < 24 || !data.subarray(0, 8).equals(signature)) return undefined;
  if (data.subarray(12, 16).toString("latin1") !== "IHDR") return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/**
 * A valid RGB PNG of `width` × `height` whose pixels depend on `seed`, so two pictures made with
 * different seeds have different bytes (a test can tell which one arrived).
 */
export function tinyPng(width = 3, height = 2, seed = 1): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  // Compression, filter and interlace methods stay 0.
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0 ("none"), then RGB triples
    for (let i = 1; i < row.length; i++) row[i] = (seed * 37 + y * 11 + i * 53) % 256;
    rows.push(row);
  }
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** CRC-32 (IEEE), as PNG chunks need; written out because zlib.crc32 is missing from older Node 20s. */
function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
