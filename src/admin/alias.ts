/**
 * The rules every alias follows, wherever it is typed (the CLI's `--alias`, a clinician's `/invite`):
 * short, and free of characters that would break a chat line. Whether it looks like a real name is
 * name-like-alias.ts.
 */
import { z } from "zod";

export const aliasMaxLength = 40;

export const aliasSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(aliasMaxLength, `must be at most ${aliasMaxLength} characters`)
  .regex(/^[\p{L}\p{N} ._-]+$/u, "may contain letters, digits, spaces, '.', '_' and '-' only");

/** How two aliases are compared: case, Unicode form and surrounding spaces do not matter. */
export function aliasKey(alias: string): string {
  return alias.trim().normalize("NFC").toLocaleLowerCase();
}
