/**
 * Which crisis resources a client is shown. A practice's own list wins; a practice with none falls
 * back to Interlude's shipped examples, which nobody has verified, so start-up warns about them.
 */
import { z } from "zod";
import type { Locale } from "../i18n/locales.js";
import { type CrisisResource, crisisResourceSchema, type PracticeSettings } from "../practice/settings.js";

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

/**
 * The entries for the client's region (or for anywhere) in the client's language; when none of them is
 * in that language, every entry for the region, since a number in another language beats no number.
 */
export function chooseCrisisResources(
  settings: PracticeSettings,
  examples: readonly CrisisResource[],
  client: { region: string | null; locale: Locale },
): CrisisResource[] {
  const region = client.region ?? settings.region;
  const { resources } = resourcesInUse(settings, examples);
  const forRegion = resources.filter((r) => r.region === undefined || r.region === region);
  const hasOwnLanguage = forRegion.some((r) => r.locale === client.locale);
  return hasOwnLanguage ? forRegion.filter((r) => r.locale === undefined || r.locale === client.locale) : forRegion;
}

/** The start-up warning for a practice whose clients would see unchecked numbers; undefined when all are verified. */
export function unverifiedResourcesWarning(
  practice: { id: number; name: string },
  settings: PracticeSettings,
  examples: readonly CrisisResource[],
): string | undefined {
  const { resources, examples: usingExamples } = resourcesInUse(settings, examples);
  const unverified = resources.filter((r) => !r.verified);
  if (unverified.length === 0) return undefined;
  const what = usingExamples
    ? "has no crisis resources of its own and uses Interlude's unverified examples"
    : `has ${unverified.length} crisis resource(s) marked verified: false`;
  return `practice ${practice.id} (${practice.name}) ${what}; clients who signal risk will be shown: ${unverified
    .map((r) => `${r.name} ${r.contact}${r.region ? ` [${r.region}]` : ""}`)
    .join("; ")}. Check each one and mark it verified.`;
}
