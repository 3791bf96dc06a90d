/**
 * The words of the web view. A signed-in clinician reads it in their own language (the same
 * ClinicianText the chat uses); a visitor on the login page in the first of en, sv, zh their browser
 * asks for.
 */
import type { DbOrTx } from "../db/connection.js";
import { isLocale, type Locale, locales, referenceLocale } from "../i18n/locales.js";
import type { Prompts } from "../prompts/load.js";
import type { MessageKey } from "../prompts/message-keys.js";
import type { Placeholders } from "../prompts/messages.js";
import { type ClinicianText, clinicianText } from "../safety/clinician-text.js";

export interface WebText {
  locale: Locale;
  t(key: MessageKey, values?: Placeholders): string;
}

/** The first supported language in an Accept-Language header ("sv-SE,sv;q=0.9,en;q=0.8" → sv). */
export function negotiatedLocale(acceptLanguage: string | undefined): Locale {
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q) };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q);
  return wanted.map((w) => w.language).find((l): l is Locale => isLocale(l)) ?? referenceLocale;
}

export function visitorText(prompts: Prompts, acceptLanguage: string | undefined): WebText {
  const locale = negotiatedLocale(acceptLanguage);
  return { locale, t: (key, values) => prompts.messages.t(locale, key, values) };
}

export function signedInText(db: DbOrTx, prompts: Prompts, therapistId: number): ClinicianText | undefined {
  return clinicianText(db, prompts, therapistId);
}

export const supportedLocales = locales;
