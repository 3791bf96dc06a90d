/**
 * The languages Interlude speaks to clients. English is the reference: every other locale falls back
 * to it key by key, so a missing translation degrades to English instead of to nothing.
 */
import { z } from "zod";

export const locales = ["en", "sv", "zh"] as const;
export type Locale = (typeof locales)[number];
export const referenceLocale: Locale = "en";

export const localeSchema = z.enum(locales);

/** The name of each language in itself, for the language picker. */
export const localeNativeNames: Record<Locale, string> = {
  en: "English",
  sv: "Svenska",
  zh: "中文",
};

export function isLocale(value: string): value is Locale {
  return (locales as readonly string[]).includes(value);
}
