/**
 * Random identifiers and secrets. Invite codes carry 128 bits of randomness and are stored only as a
 * SHA-256 hash, so a copy of the database cannot be used to link an account.
 */
import { createHash, randomBytes } from "node:crypto";

/** A fresh invite code: 22 base64url characters (128 bits), short enough for a Telegram /start payload. */
export function newInviteCode(): string {
  return randomBytes(16).toString("base64url");
}

export function hashInviteCode(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

/** A short opaque id for a set of buttons (60 bits); it only has to be unguessable within one chat. */
export function newChoiceSetId(): string {
  return randomBytes(8).toString("base64url").slice(0, 10);
}
