/**
 * A practice's settings as a form of named fields (the dotted names `practice show` prints and
 * practice.yaml's settings become), and the form's values turned back into settings by the same schema
 * `practice apply` and `practice set` store through (src/practice/settings.ts), with zod's issues in the
 * same plain words, each under its field. Crisis resources stay with practice.yaml: a list of
 * per-language texts is not a form field.
 */
import { type PracticeSettings, practiceSettingsSchema } from "../practice/settings.js";
import { plainWording } from "../prompts/plain-wording.js";

export interface SettingField {
  /** "flags.quietRun", "summaryDay". */
  path: string;
  kind: "boolean" | "number" | "text";
  /** As the form shows it: "" for an optional setting that is not set. */
  value: string;
}

/** Settings that may be absent, and the kind of value they take when present. */
const optionalSettings = { region: "text", topicReleaseHoursBefore: "number" } as const;
const notInForm = new Set(["crisisResources"]);

function kindOf(value: unknown): SettingField["kind"] {
  return typeof value === "boolean" ? "boolean" : typeof value === "number" ? "number" : "text";
}

export function settingFields(settings: PracticeSettings): SettingField[] {
  const fields: SettingField[] = [];
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (notInForm.has(path) || path in optionalSettings) continue;
      if (value !== null && typeof value === "object" && !Array.isArray(value))
        walk(value as Record<string, unknown>, path);
      else fields.push({ path, kind: kindOf(value), value: String(value) });
    }
  };
  walk(settings as unknown as Record<string, unknown>, "");
  for (const [path, kind] of Object.entries(optionalSettings)) {
    const value = (settings as Record<string, unknown>)[path];
    fields.push({ path, kind, value: value === undefined ? "" : String(value) });
  }
  return fields;
}

export interface SettingProblem {
  path: string;
  message: string;
}

/** The form's text as the value it stands for: numbers as numbers, so "lots" is told it is not one. */
function typedValue(field: SettingField, raw: string): unknown {
  if (field.kind === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  if (field.kind === "number") return /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;
  return raw;
}

/**
 * The settings the form describes, starting from `current` (what the form does not show, the crisis
 * resources, is kept), or every problem under its field; the default check-in must be one Interlude
 * knows, as `practice apply` checks it.
 */
export function settingsFromForm(
  current: PracticeSettings,
  form: Record<string, unknown>,
  checkins: { has(id: string): boolean; keys(): Iterable<string> },
): { settings: PracticeSettings } | { problems: SettingProblem[] } {
  const candidate: Record<string, unknown> = structuredClone(current) as unknown as Record<string, unknown>;
  for (const field of settingFields(current)) {
    const raw = typeof form[field.path] === "string" ? (form[field.path] as string).trim() : field.value;
    const keys = field.path.split(".");
    let node = candidate;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    const last = keys.at(-1) as string;
    if (field.path in optionalSettings && raw === "") delete node[last];
    else node[last] = typedValue(field, raw);
  }
  const parsed = practiceSettingsSchema.safeParse(candidate, { error: plainWording });
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message: issue.message,
      })),
    };
  }
  if (!checkins.has(parsed.data.defaultCheckin)) {
    const known = [...checkins.keys()].join(", ");
    return {
      problems: [
        { path: "defaultCheckin", message: `no check-in called "${parsed.data.defaultCheckin}" (known: ${known})` },
      ],
    };
  }
  return { settings: parsed.data };
}
