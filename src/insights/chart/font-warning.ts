/**
 * The start-up check that Chinese chart labels will render. It loads resvg and the system fonts, so it
 * runs only when some practice or therapist actually reads Chinese: the console demo and English- or
 * Swedish-only practices start without paying for it.
 */
import type { Db } from "../../db/connection.js";
import { listPractices, listTherapists } from "../../db/repos/people.js";

function chineseInUse(db: Db): boolean {
  return listPractices(db).some((p) => p.locale === "zh") || listTherapists(db).some((t) => t.locale === "zh");
}

/** The warning to print, or undefined when Chinese is not used or will render. */
export async function chartFontWarning(db: Db): Promise<string | undefined> {
  if (!chineseInUse(db)) return undefined;
  const { cjkFontWarning } = await import("./fonts.js");
  return cjkFontWarning();
}
