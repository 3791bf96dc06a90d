/**
 * A terminal cannot show a picture, so the console adapter saves it as a file and prints the path.
 * Pictures are therapy summaries: the folder and files are readable by the owner only.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { OutboundImage } from "../../src/outbox/payload.js";
import { pictureBytes } from "../shared/picture.js";

/** `INTERLUDE_CONSOLE_IMAGE_DIR`, else a folder in the system's temporary directory. */
export function defaultPictureDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INTERLUDE_CONSOLE_IMAGE_DIR || join(tmpdir(), "interlude-images");
}

/** Writes the picture into `dir` (created if missing) under its own file name; returns the path. */
export async function savePicture(dir: string, image: OutboundImage): Promise<string> {
  const data = pictureBytes(image);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // The payload schema already allows no slashes; basename keeps a bad name from leaving the folder anyway.
  const path = join(dir, basename(image.fileName));
  await writeFile(path, data, { mode: 0o600 });
  return path;
}
