/**
 * The shape of a check-in definition file (prompts/checkins/*.yaml). Ids and option keys end up in
 * button data and in stored answers, so they are deliberately short and plain.
 */
import { z } from "zod";
import { referenceLocale } from "../i18n/locales.js";

/** Text in several languages; English is required so every other language can fall back to it. */
export const localizedTextSchema = z.strictObject({
  en: z.string().trim().min(1),
  sv: z.string().trim().min(1).optional(),
  zh: z.string().trim().min(1).optional(),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

const localizedWordsSchema = z.strictObject({
  en: z.array(z.string().trim().min(1)).optional(),
  sv: z.array(z.string().trim().min(1)).optional(),
  zh: z.array(z.string().trim().min(1)).optional(),
});

const optionSchema = z.strictObject({
  key: z.string().regex(/^[A-Za-z0-9]{1,8}$/, "must be 1-8 letters or digits (it is part of button data)"),
  value: z.number().int(),
  button: localizedTextSchema,
  label: localizedTextSchema,
  /** Other words a client may type to mean this option. */
  also: localizedWordsSchema.optional(),
});

const scaleSchema = z.strictObject({
  low_label: localizedTextSchema.optional(),
  high_label: localizedTextSchema.optional(),
  options: z.array(optionSchema).min(2).max(10),
});

/** Feature switches a practice can turn on; an item `enabled_by` one is asked only when it is on. */
export const itemFeatureSwitches = ["risk_item", "ceiling_question", "client_notes"] as const;
export type ItemFeatureSwitch = (typeof itemFeatureSwitches)[number];

const itemIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, "must be lower-case letters, digits or _ (at most 32), starting with a letter");

const choiceItemSchema = z.strictObject({
  id: itemIdSchema,
  version: z.number().int().min(1),
  kind: z.literal("choice"),
  scale: z.string().min(1),
  dimension: z.enum(["safety", "bond", "goals", "tasks"]).optional(),
  /** A risk item: an answer whose value is 1 (yes) is a risk signal. */
  risk: z.boolean().optional(),
  enabled_by: z.enum(itemFeatureSwitches).optional(),
  text: localizedTextSchema,
});

const textItemSchema = z.strictObject({
  id: itemIdSchema,
  version: z.number().int().min(1),
  kind: z.literal("text"),
  max_length: z.number().int().min(1).max(3500).default(2000),
  enabled_by: z.enum(itemFeatureSwitches).optional(),
  text: localizedTextSchema,
});

export const checkinFileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,47}$/, "must be lower-case letters, digits or -"),
    version: z.number().int().min(1),
    validated_instrument: z.boolean(),
    title: localizedTextSchema,
    notice: localizedTextSchema.optional(),
    scales: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_]*$/, "a scale name must be lower-case letters, digits or _"),
        scaleSchema,
      )
      .default({}),
    items: z
      .array(z.discriminatedUnion("kind", [choiceItemSchema, textItemSchema]))
      .min(1)
      .max(20),
  })
  // Runs even when other parts of the file are wrong, so one run reports these too.
  .superRefine((file, ctx) => crossCheck(file, (issue) => ctx.addIssue(issue)), { when: () => true });

/**
 * Checks between items and scales. The file may be malformed elsewhere (the check runs anyway), so
 * every part is looked at only if it has the right shape.
 */
function crossCheck(
  file: unknown,
  addIssue: (issue: { code: "custom"; path: PropertyKey[]; message: string }) => void,
) {
  const loose = (file ?? {}) as { items?: unknown; scales?: unknown };
  const scales = isRecord(loose.scales) ? loose.scales : {};
  const items = Array.isArray(loose.items) ? loose.items : [];
  const seen = new Set<string>();
  items.forEach((item: unknown, index) => {
    if (!isRecord(item)) return;
    if (typeof item.id === "string") {
      if (seen.has(item.id))
        addIssue({ code: "custom", path: ["items", index, "id"], message: `duplicate item id "${item.id}"` });
      seen.add(item.id);
    }
    if (item.kind !== "choice" || typeof item.scale !== "string") return;
    const scale = scales[item.scale];
    if (!isRecord(scale)) {
      addIssue({ code: "custom", path: ["items", index, "scale"], message: `no scale named "${item.scale}"` });
      return;
    }
    const options = Array.isArray(scale.options) ? scale.options.filter(isRecord) : [];
    if (item.risk === true) {
      const values = options.map((o) => o.value).sort();
      if (values.join(",") !== "0,1") {
        addIssue({
          code: "custom",
          path: ["items", index, "scale"],
          message: "a risk item needs a yes/no scale with values 1 (yes) and 0 (no)",
        });
      }
    }
  });
  for (const [name, scale] of Object.entries(scales)) {
    const keys =
      isRecord(scale) && Array.isArray(scale.options) ? scale.options.filter(isRecord).map((o) => o.key) : [];
    if (new Set(keys).size !== keys.length) {
      addIssue({ code: "custom", path: ["scales", name, "options"], message: "option keys must be unique" });
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export type CheckinFile = z.infer<typeof checkinFileSchema>;
export type CheckinItem = CheckinFile["items"][number];
export type ChoiceItem = Extract<CheckinItem, { kind: "choice" }>;
export type ScaleOption = z.infer<typeof optionSchema>;
export type Scale = z.infer<typeof scaleSchema>;

/** Picks the text for a locale, falling back to English. */
export function pick(text: LocalizedText, locale: string): string {
  return (text as Record<string, string | undefined>)[locale] ?? (text[referenceLocale] as string);
}
