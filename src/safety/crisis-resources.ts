/**
 * Which crisis resources a client is shown. A practice's own list wins; a practice with none falls
 * back to Interlude's shipped examples, which nobody has verified, so start-up warns about them.
 * Each resource is shown once, in the client's language only, for a region derived so that the reply
 * always carries a concrete number (see region.ts).
 */
import { z } from "zod";
import type { Locale } from "../i18n/locales.js";
import {
  type CrisisResource,
  crisisResourceSchema,
  type PracticeSettings,
  type ResourceText,
} from "../practice/settings.js";
import { deriveRegion, type RegionSource } from "./region.js";

export const crisisResourceFileSchema = z.strictObject({ resources: z.array(crisisResourceSchema).min(1) });

/** The list a practice actually uses, and whether it is the shipped examples. */
export function resourcesInUse(
  settings: PracticeSettings,
  examples: readonly CrisisResource[],
): { resources: readonly CrisisResource[]; examples: boolean } {
  return settings.crisisResources.length > 0
    ? { resources: settings.crisisResources, examples: false }
    : { resources: examples, examples: true };
}

/** A resource as one client reads it: one name and one contact, in their language where it has one. */
export interface ShownResource {
  name: string;
  contact: string;
}

/** The text in `locale`; a single text counts for every language unless the entry is tied to another. */
function textIn(text: ResourceText, locale: Locale, entryLocale: Locale | undefined): string | undefined {
  if (typeof text === "string") return entryLocale === undefined || entryLocale === locale ? text : undefined;
  return text[locale];
}

/** The best text for a reader of `locale` when none in their language exists: English, else any. */
function bestText(text: ResourceText, locale: Locale): string {
  if (typeof text === "string") return text;
  return text[locale] ?? text.en ?? (Object.values(text).find((t) => t !== undefined) as string);
}

export interface ResourceChoice {
  resources: ShownResource[];
  /** The region whose entries were chosen (undefined: none had entries, only "anywhere" ones). */
  region: string | undefined;
  source: RegionSource;
}

/**
 * The entries for the client's (derived) region, or for anywhere, in the client's language, each once.
 * When none of them is in that language, every entry for the region in its best language, since a
 * number in another language beats no number.
 */
export function chooseCrisisResources(
  settings: PracticeSettings,
  examples: readonly CrisisResource[],
  client: { region: string | null; locale: Locale; timezone?: string | null },
  practice: { timezone?: string | null } = {},
): ResourceChoice {
  const { resources } = resourcesInUse(settings, examples);
  const { region, source } = deriveRegion(
    {
      clientRegion: client.region,
      practiceRegion: settings.region,
      clientZone: client.timezone,
      practiceZone: practice.timezone,
      locale: client.locale,
    },
    (candidate) => resources.some((r) => r.region === candidate),
  );
  const forRegion = resources.filter((r) => r.region === undefined || r.region === region);
  const inLanguage = forRegion.filter(
    (r) => (r.locale === undefined || r.locale === client.locale) && textIn(r.name, client.locale, r.locale),
  );
  const shown = (inLanguage.length > 0 ? inLanguage : forRegion).map((r) => ({
    name: textIn(r.name, client.locale, r.locale) ?? bestText(r.name, client.locale),
    contact: textIn(r.contact, client.locale, r.locale) ?? bestText(r.contact, client.locale),
  }));
  const seen = new Set<string>();
  const once = shown.filter((r) => {
    const key = `${r.name}\u0000${r.contact}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { resources: once, region, source };
}

/** A resource's name for an operator's log line or warning: every language it has, once. */
/** A resource's text for the operator reading the start-up warning: the English, else the first given. */
function describe(text: ResourceText): string {
  return typeof text === "string" ? text : (text.en ?? Object.values(text)[0] ?? "");
}

/**
 * The start-up warning for a practice whose clients would see unchecked numbers; undefined when all are
 * verified. With `regionsShown` (the regions its clients get resources for), only those regions'
 * entries and the ones for anywhere count: the rest are never shown to anyone.
 */
export function unverifiedResourcesWarning(
  practice: { id: number; name: string },
  settings: PracticeSettings,
  examples: readonly CrisisResource[],
  regionsShown?: ReadonlySet<string>,
): string | undefined {
  const { resources, examples: usingExamples } = resourcesInUse(settings, examples);
  const shown = (r: CrisisResource) => !regionsShown || r.region === undefined || regionsShown.has(r.region);
  const unverified = resources.filter((r) => !r.verified && shown(r));
  if (unverified.length === 0) return undefined;
  const what = usingExamples
    ? "has no crisis resources of its own and uses Interlude's unverified examples"
    : `has ${unverified.length} crisis resource(s) marked verified: false`;
  const inUse =
    regionsShown && regionsShown.size > 0 ? ` (regions in use: ${[...regionsShown].sort().join(", ")})` : "";
  return `practice ${practice.id} (${practice.name}) ${what}; clients who signal risk${inUse} will be shown: ${unverified
    .map((r) => `${describe(r.name)} ${describe(r.contact)}${r.region ? ` [${r.region}]` : ""}`)
    .join("; ")}. Check each one and mark it verified.`;
}

/**
 * The start-up warning for a practice with no region of its own: which region its clients without a
 * region will get resources for, and why (the zone's country, the language, or none at all).
 */
export function regionWarning(
  practice: { id: number; name: string; timezone: string },
  settings: PracticeSettings,
  examples: readonly CrisisResource[],
  clientLocales: readonly Locale[],
): string | undefined {
  if (settings.region !== undefined) return undefined;
  const { resources } = resourcesInUse(settings, examples);
  const has = (region: string) => resources.some((r) => r.region === region);
  const derived = [...new Set(clientLocales)].map((locale) => {
    const { region, source } = deriveRegion(
      { clientRegion: null, practiceRegion: undefined, clientZone: null, practiceZone: practice.timezone, locale },
      has,
    );
    const why =
      source === "practice_zone"
        ? `the practice's time zone ${practice.timezone}`
        : source === "language"
          ? `the language (${locale})`
          : "nothing: no region could be derived, so only resources for anywhere and the emergency numbers line";
    return `${locale} → ${region ?? "none"} (from ${why})`;
  });
  return `practice ${practice.id} (${practice.name}) has no region: clients without a region of their own get crisis resources for the country of their own time zone, else ${derived.join("; ")}. Set the practice's region (practice.yaml \`practice.region\`, or \`practice init --region\`) or each client's (\`client set --region\`).`;
}
