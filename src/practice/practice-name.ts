/**
 * Practice names are unique as people read them: "Söder Therapy", " söder therapy " and
 * "SODER THERAPY" are one practice. Names are compared after trimming, with runs of spaces made one,
 * case folded and accents removed (NFKD, combining marks dropped).
 */
import type { DbOrTx } from "../db/connection.js";
import { listPractices, type PracticeRow } from "../db/repos/people.js";

/** How the rule is put to people in refusals, so `practice init` and `practice apply` say it alike. */
export const practiceNameRule = "names are compared ignoring case, accents and extra spaces";

export function practiceNameKey(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").trim().replace(/\s+/gu, " ").toLowerCase();
}

/** Every practice whose name is the same as `name` in the sense above (more than one only in databases from before the rule). */
export function practicesNamedLike(db: DbOrTx, name: string): PracticeRow[] {
  const key = practiceNameKey(name);
  return listPractices(db).filter((practice) => practiceNameKey(practice.name) === key);
}

/** The practice whose name is the same as `name` in the sense above, if any. */
export function practiceNamedLike(db: DbOrTx, name: string): PracticeRow | undefined {
  return practicesNamedLike(db, name)[0];
}
