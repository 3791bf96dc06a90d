/**
 * Random identifiers and secrets. Invite codes carry 128 bits of randomness and are stored only as a
 * SHA-256 hash, so a copy of the database cannot be used to link an account.
 */
import { createHash, randomBytes, randomFillSync } from "node:crypto";

/** A fresh invite code: 22 base64url characters (128 bits), short enough for a Telegram /start payload. */
export function newInviteCode(): string {
  return randomBytes(16).toString("base64url");
}

export function hashInviteCode(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

/** Choice sets for a risk question start with this, and no other set does (see `newChoiceSetId`). */
export const riskChoiceSetPrefix = "rk";

/**
 * A short opaque id for a set of buttons (60 bits); it only has to be unguessable within one chat.
 * A risk question's set is marked by its prefix so that a "yes" can be recognised from the button data
 * alone, without the database: the crisis reply must go out even while the database is failing.
 */
export function newChoiceSetId(kind: "plain" | "risk" = "plain"): string {
  if (kind === "risk") return riskChoiceSetPrefix + pooledRandomBytes(6).toString("base64url");
  for (;;) {
    const id = pooledRandomBytes(8).toString("base64url").slice(0, 10);
    if (!id.startsWith(riskChoiceSetPrefix)) return id;
  }
}

/**
 * Choice-set ids are drawn for every question sent; one call into the system's random source per id
 * was a measurable share of a busy tick, so bytes are drawn 4 KiB at a time and handed out once each.
 */
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;

function pooledRandomBytes(size: number): Buffer {
  if (poolUsed + size > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolUsed, poolUsed + size));
  poolUsed += size;
  return bytes;
}
