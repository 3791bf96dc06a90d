/** Builds a RiskScreen from small inline lexicons, for tests of the matcher itself. */
import type { Locale } from "../../../src/i18n/locales.js";
import { type LexiconFile, lexiconFileSchema } from "../../../src/safety/screen/lexicon-schema.js";
import { RiskScreen } from "../../../src/safety/screen/screen.js";

type LexiconSpec = {
  sets?: Record<string, string[]>;
  categories: LexiconFile["categories"];
  exclusions?: Array<{ pattern: string }>;
};

export function screenOf(lexicons: Partial<Record<Locale, LexiconSpec>>): RiskScreen {
  return new RiskScreen(
    (Object.entries(lexicons) as Array<[Locale, LexiconSpec]>).map(([language, lexicon]) =>
      lexiconFileSchema.parse({
        language,
        version: 1,
        ...lexicon,
        exclusions: (lexicon.exclusions ?? []).map((e) => ({ why: "test", example: "test", ...e })),
      }),
    ),
  );
}
