/**
 * Random secrets for login links and session ids, and the hash they are stored under. 32 random bytes
 * (256 bits) cannot be guessed; storing only the SHA-256 means a copy of the database logs nobody in.
 */
import { createHash, randomBytes } from "node:crypto";

export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The shape `randomToken` makes: anything else is refused before the database is asked. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
