/**
 * Practice names are unique as people read them: "Söder Therapy", " söder therapy " and
 * "SODER THERAPY" are one practice. Names are compared after trimming, with runs of spaces made one,
 * case folded and accents removed (NFKD, combining marks dropped).
 */
import type { DbOrTx } from "../db/connection.js";
import { listPractices, type PracticeRow } from "../db/repos/people.js";

export function practiceNameKey(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").trim().replace(/\s+/gu, " ").toLowerCase();
}

/** The practice whose name is the same as `name` in the sense above, if any. */
export function practiceNamedLike(db: DbOrTx, name: string): PracticeRow | undefined {
  const key = practiceNameKey(name);
  return listPractices(db).find((practice) => practiceNameKey(practice.name) === key);
}
