/**
 * `practice init` creates a practice under a name no other practice has (see practice-name.ts);
 * `practice list`, `practice show`, `practice set` and `practice apply` live in their own files.
 */
import type { Command } from "commander";
import { audit } from "../../db/repos/audit.js";
import { createPractice } from "../../db/repos/people.js";
import type { Locale } from "../../i18n/locales.js";
import { practiceNamedLike, practiceNameRule } from "../../practice/practice-name.js";
import { parsePracticeSettings, regionSchema } from "../../practice/settings.js";
import { countryOfLanguage, countryOfZone } from "../../safety/region.js";
import { localeArg, parseArg, practiceNameArg, timezoneArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";
import { registerPracticeApplyCommand } from "./practice-apply.js";
import { registerPracticeListCommand } from "./practice-list.js";
import { registerPracticeSettingsCommands } from "./practice-settings.js";
import { registerPracticeShowCommand } from "./practice-show.js";

export function registerPracticeCommands(program: Command, ctx: CliContext): void {
  const practice = program.command("practice").description("manage practices");
  practice
    .command("init")
    .description("create a practice")
    .requiredOption("--name <name>", "the practice's name")
    .requiredOption("--timezone <zone>", "default IANA time zone, e.g. Europe/Stockholm")
    .option("--locale <locale>", "default client language: en, sv or zh", "en")
    .option(
      "--region <code>",
      "two-letter country code choosing crisis resources (default: from --timezone, else --locale)",
    )
    .option("--risk-item", "ask the optional risk question in check-ins", false)
    .option("--json", "print one JSON object", false)
    .action(
      (options: {
        name: string;
        timezone: string;
        locale: string;
        region?: string;
        riskItem: boolean;
        json: boolean;
      }) => {
        const name = parseArg(practiceNameArg, options.name, "--name");
        const timezone = parseArg(timezoneArg, options.timezone, "--timezone");
        const locale = parseArg(localeArg, options.locale, "--locale");
        // A crisis reply needs a region to carry a concrete number: given, or derived and said so.
        const given = options.region === undefined ? undefined : parseArg(regionSchema, options.region, "--region");
        const derived = given === undefined ? practiceRegionFrom(timezone, locale) : undefined;
        const region = given ?? derived?.region;
        const { db } = ctx.database();
        const now = ctx.clock.now();
        // Immediate: the name check and the insert are one step, even with two CLIs at once.
        const row = db.transaction(
          (tx) => {
            const same = practiceNamedLike(tx, name);
            if (same) {
              throw new CliUsageError(
                `--name: there is already a practice called "${same.name}" (practice ${same.id}); ${practiceNameRule}, so choose another`,
              );
            }
            const settings = parsePracticeSettings({
              riskItem: options.riskItem,
              ...(region === undefined ? {} : { region }),
            });
            const created = createPractice(tx, { name, timezone, locale, settings }, now);
            audit(tx, { actor: "cli", action: "practice.created", subject: `practice:${created.id}` }, now);
            return created;
          },
          { behavior: "immediate" },
        );
        const regionLine =
          given !== undefined
            ? []
            : derived
              ? [`Region ${derived.region}, from ${derived.from}; pass --region to choose another.`]
              : [
                  `No region: none could be derived from ${timezone} or ${locale}. Crisis replies will list only resources for anywhere and general emergency numbers until you set one (practice.yaml practice.region).`,
                ];
        printResult(
          ctx,
          options.json,
          {
            practiceId: row.id,
            name,
            timezone,
            locale,
            region: region ?? null,
            regionFrom: given ? "given" : (derived?.source ?? null),
          },
          [`Created practice ${row.id} (${name}, ${timezone}, ${locale}).`, ...regionLine],
        );
      },
    );
  registerPracticeListCommand(practice, ctx);
  registerPracticeShowCommand(practice, ctx);
  registerPracticeSettingsCommands(practice, ctx);
  registerPracticeApplyCommand(practice, ctx);
}

/** A new practice's region when none is given: its zone's country, else its language's. */
function practiceRegionFrom(
  timezone: string,
  locale: Locale,
): { region: string; source: "timezone" | "locale"; from: string } | undefined {
  const byZone = countryOfZone(timezone);
  if (byZone) return { region: byZone, source: "timezone", from: `the time zone ${timezone}` };
  const byLanguage = countryOfLanguage(locale);
  if (byLanguage) return { region: byLanguage, source: "locale", from: `the language ${locale}` };
  return undefined;
}
