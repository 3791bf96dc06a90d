/**
 * Which country's crisis resources a client is shown when nobody said where they are. A crisis reply
 * must always carry a concrete number, so the region is derived step by step: the client's own region,
 * the practice's, the country of the client's time zone (else the practice's zone), the client's
 * language. A step counts only if the resource list in use has entries for that country; otherwise
 * the next step is tried.
 *
 * Zone → country: neither Node's Intl nor luxon maps a zone to its country, and a full tz table
 * (zone1970.tab, or a package carrying it) would mostly name countries Interlude has no resources for,
 * where the step would be skipped anyway. So this is a small table, reviewed by hand against the IANA
 * tz database's zone1970.tab/backward files, for the countries the shipped example resources cover.
 * A zone missing here only means that step is skipped. Add a country's zones together with its resources.
 */
import type { Locale } from "../i18n/locales.js";

const zonesByCountry: Record<string, readonly string[]> = {
  SE: ["Europe/Stockholm"],
  NO: ["Europe/Oslo", "Arctic/Longyearbyen", "Atlantic/Jan_Mayen"],
  DK: ["Europe/Copenhagen"],
  FI: ["Europe/Helsinki", "Europe/Mariehamn"],
  GB: ["Europe/London", "Europe/Belfast", "GB", "GB-Eire"],
  IE: ["Europe/Dublin", "Eire"],
  US: [
    "America/New_York",
    "America/Detroit",
    "America/Kentucky/Louisville",
    "America/Kentucky/Monticello",
    "America/Louisville",
    "America/Indiana/Indianapolis",
    "America/Indianapolis",
    "America/Indiana/Vincennes",
    "America/Indiana/Winamac",
    "America/Indiana/Marengo",
    "America/Indiana/Petersburg",
    "America/Indiana/Vevay",
    "America/Indiana/Tell_City",
    "America/Indiana/Knox",
    "America/Chicago",
    "America/Menominee",
    "America/North_Dakota/Center",
    "America/North_Dakota/New_Salem",
    "America/North_Dakota/Beulah",
    "America/Denver",
    "America/Boise",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Juneau",
    "America/Sitka",
    "America/Metlakatla",
    "America/Yakutat",
    "America/Nome",
    "America/Adak",
    "Pacific/Honolulu",
    "US/Eastern",
    "US/Central",
    "US/Mountain",
    "US/Pacific",
    "US/Alaska",
    "US/Hawaii",
    "US/Arizona",
  ],
  CA: [
    "America/St_Johns",
    "America/Halifax",
    "America/Glace_Bay",
    "America/Moncton",
    "America/Goose_Bay",
    "America/Toronto",
    "America/Montreal",
    "America/Iqaluit",
    "America/Winnipeg",
    "America/Rankin_Inlet",
    "America/Resolute",
    "America/Regina",
    "America/Swift_Current",
    "America/Edmonton",
    "America/Cambridge_Bay",
    "America/Inuvik",
    "America/Dawson_Creek",
    "America/Fort_Nelson",
    "America/Whitehorse",
    "America/Dawson",
    "America/Vancouver",
    "America/Yellowknife",
    "Canada/Atlantic",
    "Canada/Central",
    "Canada/Eastern",
    "Canada/Mountain",
    "Canada/Newfoundland",
    "Canada/Pacific",
  ],
  AU: [
    "Australia/Sydney",
    "Australia/Melbourne",
    "Australia/Brisbane",
    "Australia/Lindeman",
    "Australia/Adelaide",
    "Australia/Broken_Hill",
    "Australia/Darwin",
    "Australia/Perth",
    "Australia/Eucla",
    "Australia/Hobart",
    "Australia/Lord_Howe",
    "Australia/Canberra",
    "Australia/ACT",
    "Australia/NSW",
    "Australia/Victoria",
    "Australia/Queensland",
    "Australia/South",
    "Australia/West",
    "Australia/North",
    "Australia/Tasmania",
  ],
  NZ: ["Pacific/Auckland", "Pacific/Chatham", "NZ", "NZ-CHAT"],
  CN: ["Asia/Shanghai", "Asia/Urumqi", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "Asia/Kashgar", "PRC"],
  HK: ["Asia/Hong_Kong", "Hongkong"],
  TW: ["Asia/Taipei", "ROC"],
  SG: ["Asia/Singapore", "Singapore"],
};

const countryByZone = new Map<string, string>(
  Object.entries(zonesByCountry).flatMap(([country, zones]) => zones.map((zone) => [zone, country] as const)),
);

/** The country of an IANA zone, if the table above knows it. */
export function countryOfZone(zone: string | null | undefined): string | undefined {
  return zone ? countryByZone.get(zone) : undefined;
}

/**
 * The country a language points to when nothing else does. English is spoken in too many countries
 * to choose one, so it points nowhere (the reply then lists the emergency numbers of several).
 */
const countryByLanguage: Partial<Record<Locale, string>> = { sv: "SE", zh: "CN" };

export function countryOfLanguage(locale: Locale): string | undefined {
  return countryByLanguage[locale];
}

export type RegionSource = "client" | "practice" | "client_zone" | "practice_zone" | "language" | "none";

export interface RegionFacts {
  clientRegion: string | null | undefined;
  practiceRegion: string | null | undefined;
  clientZone: string | null | undefined;
  practiceZone: string | null | undefined;
  locale: Locale;
}

/**
 * The first region in the chain that `hasResources` accepts, and which step gave it. `none` when no
 * step gives a region with resources: the reply then carries the universal emergency numbers line.
 */
export function deriveRegion(
  facts: RegionFacts,
  hasResources: (region: string) => boolean,
): { region: string | undefined; source: RegionSource } {
  const chain: [RegionSource, string | null | undefined][] = [
    ["client", facts.clientRegion],
    ["practice", facts.practiceRegion],
    ["client_zone", countryOfZone(facts.clientZone)],
    ["practice_zone", countryOfZone(facts.practiceZone)],
    ["language", countryByLanguage[facts.locale]],
  ];
  for (const [source, region] of chain) if (region && hasResources(region)) return { region, source };
  return { region: undefined, source: "none" };
}
