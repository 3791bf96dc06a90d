/**
 * A terminal cannot show a picture, so the console adapter saves it as a file and prints the path.
 * Pictures are therapy summaries: the folder is 0700 and the files 0600. Without a configured folder
 * each console chat makes a fresh one with mkdtemp: a fixed name in the shared temporary directory
 * could have been made first by another user, who would then read every picture saved into it.
 */
import { chmod, mkdir, mkdtemp, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { OutboundImage } from "../../src/outbox/payload.js";
import { pictureBytes } from "../shared/picture.js";

/**
 * Where a console chat saves its pictures, made on first use: `configured` (created 0700 if missing;
 * default `INTERLUDE_CONSOLE_IMAGE_DIR`), else a new private folder in the system's temporary directory.
 */
export function pictureFolder(
  configured: string | undefined = process.env.INTERLUDE_CONSOLE_IMAGE_DIR || undefined,
): () => Promise<string> {
  let folder: Promise<string> | undefined;
  const make = async () => {
    if (configured === undefined) return mkdtemp(join(tmpdir(), "interlude-pictures-"));
    await mkdir(configured, { recursive: true, mode: 0o700 });
    return configured;
  };
  return () => {
    folder ??= make().catch((error: unknown) => {
      // A failure (a full disk, say) is not remembered: the next picture tries again.
      folder = undefined;
      throw error;
    });
    return folder;
  };
}

/** Writes the picture into the folder (made when first needed) under its own file name; returns the path. */
export async function savePicture(folder: () => Promise<string>, image: OutboundImage): Promise<string> {
  const data = pictureBytes(image);
  // The payload schema already allows no slashes; basename keeps a bad name from leaving the folder anyway.
  const path = join(await folder(), basename(image.fileName));
  const file = await open(path, "w", 0o600);
  try {
    // The mode given to open() applies only to a new file, and then less the umask.
    await chmod(path, 0o600);
    await file.writeFile(data);
  } finally {
    await file.close();
  }
  return path;
}
