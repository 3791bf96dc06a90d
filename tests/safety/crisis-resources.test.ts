/**
 * Which crisis resources a client sees (their derived region, their language only, each once), the
 * settings schema for per-language names, and the start-up warnings for unverified resources and for
 * a practice without a region.
 */
import { describe, expect, it } from "vitest";
import { createPractice, createTherapist } from "../../src/db/repos/people.js";
import { type Locale, locales } from "../../src/i18n/locales.js";
import { type CrisisResource, parsePracticeSettings, practiceSettingsSchema } from "../../src/practice/settings.js";
import { crisisResourceText } from "../../src/safety/crisis-reply.js";
import { chooseCrisisResources } from "../../src/safety/crisis-resources.js";
import { countryOfZone } from "../../src/safety/region.js";
import { safetyWarnings } from "../../src/safety/startup-warnings.js";
import { createHarness, prompts } from "../helpers/harness.js";

const examples = () => prompts().crisisExamples;
const names = (r: CrisisResource): string[] => (typeof r.name === "string" ? [r.name] : Object.values(r.name));
const contacts = (r: CrisisResource): string[] =>
  typeof r.contact === "string" ? [r.contact] : Object.values(r.contact);
const regionsOf = () => [...new Set(examples().map((r) => r.region as string))];

function choose(
  settings: Record<string, unknown>,
  client: { region?: string | null; locale: Locale; timezone?: string | null },
  practiceZone?: string,
) {
  return chooseCrisisResources(
    parsePracticeSettings(settings),
    examples(),
    { region: client.region ?? null, locale: client.locale, timezone: client.timezone ?? null },
    { timezone: practiceZone ?? null },
  );
}

describe("crisis resources", () => {
  it("ship as examples, every one unverified, for a region, and named in every language", () => {
    expect(examples().length).toBeGreaterThan(0);
    for (const r of examples()) {
      expect(r.verified).toBe(false);
      expect(r.region).toMatch(/^[A-Z]{2}$/);
      const { name } = r;
      expect(typeof name === "object" && locales.every((l) => name[l])).toBe(true);
    }
    // The regions this change added, each with a concrete number.
    const contactsOf = (region: string) =>
      examples()
        .filter((r) => r.region === region)
        .flatMap(contacts);
    expect(contactsOf("CN")).toContain("400-161-9995");
    expect(contactsOf("GB").join(" ")).toContain("111");
    expect(examples().some((r) => r.region === "SE" && names(r).some((n) => /chatt/.test(n)))).toBe(true);
  });

  it.each(["sv", "zh", "en"] as const)(
    "%s: every region's reply holds its entries in that language only, each once",
    (locale) => {
      for (const region of regionsOf()) {
        const { resources } = choose({ region }, { locale });
        const own = examples()
          .filter((r) => r.region === region)
          .map((r) => (typeof r.name === "string" ? r.name : (r.name[locale] as string)));
        expect(resources.map((r) => r.name)).toEqual(own);
        const foreign = examples()
          .filter((r) => typeof r.name === "object")
          .flatMap((r) =>
            locales.filter((l) => l !== locale).map((l) => (r.name as Record<string, string>)[l] as string),
          )
          .filter((name) => !own.includes(name));
        const text = crisisResourceText(prompts(), locale, practiceRow({ region }), { region: null, timezone: null });
        const label = (name: string) => prompts().messages.t(locale, "crisis.resource", { name, contact: "" });
        for (const name of foreign) expect(text, `${region}/${locale}: ${name}`).not.toContain(label(name));
        const lines = text.split("\n");
        expect(new Set(lines).size).toBe(lines.length);
      }
    },
  );

  it("shows a Swedish client in Sweden Swedish labels and a Chinese client there Chinese ones", () => {
    const sv = choose({ region: "SE" }, { locale: "sv" }).resources.map((r) => `${r.name}: ${r.contact}`);
    expect(sv).toContain("Mind Självmordslinjen: ring 90101");
    expect(sv.join("\n")).not.toMatch(/Emergency|Suicide|紧急/);
    const zh = choose({ region: "SE" }, { locale: "zh" }).resources.map((r) => `${r.name}: ${r.contact}`);
    expect(zh).toContain("Mind 自杀预防热线（瑞典语）: 拨打 90101");
    expect(zh.join("\n")).not.toMatch(/Nödnummer|Självmordslinjen|ring |Emergency/);
  });

  it("derives the region: the client's, else the practice's", () => {
    expect(choose({ region: "SE" }, { region: "GB", locale: "en" })).toMatchObject({ region: "GB", source: "client" });
    expect(choose({ region: "SE" }, { region: null, locale: "en" })).toMatchObject({
      region: "SE",
      source: "practice",
    });
  });

  it("derives the region from the client's time zone, else the practice's", () => {
    const byClientZone = choose({}, { locale: "en", timezone: "Europe/London" }, "Asia/Shanghai");
    expect(byClientZone).toMatchObject({ region: "GB", source: "client_zone" });
    expect(byClientZone.resources.map((r) => r.contact)).toContain("999");
    expect(choose({}, { locale: "en" }, "Asia/Shanghai")).toMatchObject({ region: "CN", source: "practice_zone" });
  });

  it("derives the region from the client's language when nothing else says", () => {
    expect(choose({}, { locale: "sv", timezone: "UTC" }, "UTC")).toMatchObject({ region: "SE", source: "language" });
    expect(choose({}, { locale: "zh" }, "Etc/GMT-3")).toMatchObject({ region: "CN", source: "language" });
  });

  it("passes over a step whose region has no resources", () => {
    // No shipped entry for Germany: the practice's DE gives way to the client's zone.
    expect(choose({ region: "DE" }, { locale: "en", timezone: "America/Chicago" })).toMatchObject({
      region: "US",
      source: "client_zone",
    });
  });

  it("never replies without a concrete number, even when no region can be derived", () => {
    const none = choose({}, { locale: "en" }, "UTC");
    expect(none).toMatchObject({ region: undefined, source: "none", resources: [] });
    const text = crisisResourceText(prompts(), "en", practiceRow({}, "UTC"), { region: null, timezone: null });
    expect(text).toBe(prompts().messages.t("en", "crisis.emergency_numbers"));
    for (const locale of locales) expect(prompts().messages.t(locale, "crisis.emergency_numbers")).toMatch(/\d{3}/);
  });

  it("knows the zones of every shipped region, and each zone is one this Node accepts", () => {
    const zones = ["Europe/Stockholm", "Europe/London", "America/New_York", "Asia/Shanghai", "Australia/Sydney"];
    expect(zones.map(countryOfZone)).toEqual(["SE", "GB", "US", "CN", "AU"]);
    for (const region of regionsOf()) {
      const zone = Intl.supportedValuesOf("timeZone").find((z) => countryOfZone(z) === region);
      expect(zone, region).toBeDefined();
    }
  });

  it("uses the practice's own list when it has one, old single-text entries included", () => {
    const own = { crisisResources: [{ name: "Our on-call line", contact: "555", verified: true }] };
    expect(choose(own, { region: "SE", locale: "sv" }).resources).toEqual([
      { name: "Our on-call line", contact: "555" },
    ]);
    const tied = {
      crisisResources: [
        { locale: "sv", name: "Jourlinjen", contact: "556", verified: true },
        { name: { en: "On-call line", zh: "值班电话" }, contact: "557", verified: true },
      ],
    };
    expect(choose(tied, { locale: "zh" }).resources).toEqual([{ name: "值班电话", contact: "557" }]);
    expect(choose(tied, { locale: "sv" }).resources).toEqual([{ name: "Jourlinjen", contact: "556" }]);
  });

  it("rejects a resource name in an unknown language, or an empty one, with a message that says how", () => {
    const bad = (name: unknown) =>
      practiceSettingsSchema.safeParse({ crisisResources: [{ name, contact: "1", verified: true }] }).error?.issues[0];
    expect(bad({ de: "Notruf" })).toMatchObject({
      path: ["crisisResources", 0, "name"],
      message: "languages are en, sv, zh, not de",
    });
    expect(bad({})?.message).toBe("give the text in at least one language (en, sv or zh)");
    expect(bad(5)?.message).toBe("give one text, or one per language as { en: ..., sv: ..., zh: ... }");
  });

  it("warns at start-up for each practice with unverified resources, no region, or no backup clinician", () => {
    const h = createHarness();
    const now = h.clock.now();
    const unchecked = createPractice(
      h.handle.db,
      { name: "Unchecked", timezone: "Europe/Stockholm", locale: "en" },
      now,
    );
    const checked = createPractice(
      h.handle.db,
      {
        name: "Checked",
        timezone: "UTC",
        locale: "en",
        settings: { region: "SE", crisisResources: [{ name: "Line", contact: "1", verified: true }] },
      },
      now,
    );
    createTherapist(h.handle.db, { practiceId: checked.id, alias: "Backup", backupRank: 1 }, now);
    const warnings = safetyWarnings({ database: h.handle, prompts: prompts() });
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain(`practice ${unchecked.id} (Unchecked) has no crisis resources of its own`);
    expect(warnings[1]).toContain(`practice ${unchecked.id} (Unchecked) has no region`);
    expect(warnings[1]).toContain("en → SE (from the practice's time zone Europe/Stockholm)");
    expect(warnings[2]).toContain(`practice ${unchecked.id} (Unchecked) has no backup clinician`);
  });
});

function practiceRow(settings: Record<string, unknown>, timezone = "UTC") {
  return {
    id: 1,
    name: "P",
    timezone,
    locale: "en",
    settings,
    isDemo: false,
    createdAt: new Date(0),
  } as unknown as Parameters<typeof crisisResourceText>[2];
}
