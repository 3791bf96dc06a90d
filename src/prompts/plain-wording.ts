/**
 * zod's own issue wording ("Too small: expected number to be >=0") in plain words ("must be 0 or
 * more") for the people who edit practice.yaml and check-in files. Given as the per-parse error map
 * (`schema.safeParse(value, { error: plainWording })`), it words only the issues a schema has no
 * message of its own for: a schema's message always wins over a per-parse map in zod.
 */
import type { z } from "zod";

type RawIssue = z.core.$ZodRawIssue;

export const plainWording: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return invalidType(issue.expected, issue.input);
    case "too_small":
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive ?? true);
    case "too_big":
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive ?? true);
    case "invalid_value":
      return oneOf(issue.values.map(String), issue.input);
    case "invalid_union":
      return invalidUnion(issue);
    case "unrecognized_keys":
      return unknownKey(issue);
    case "invalid_key":
      return `is not a valid key here: ${issue.issues[0]?.message ?? "not allowed"}`;
    case "invalid_format":
      return issue.format === "regex" ? "is not in the expected form" : `must be a valid ${issue.format}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    case "custom":
      return "is not valid";
    default:
      return undefined;
  }
};

/** What a value is, for "must be X, not Y": short scalars as written, anything else by its kind. */
export function shownValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "empty";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "a group of keys" : typeof value;
}

const typeNames: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a group of keys (key: value)",
  record: "a group of keys (key: value)",
  map: "a group of keys (key: value)",
  null: "empty",
};

function invalidType(expected: string, input: unknown): string {
  if (input === undefined) return "is required";
  return `must be ${typeNames[expected] ?? expected}, not ${shownValue(input)}`;
}

function tooSmall(origin: string, minimum: number, inclusive: boolean): string | undefined {
  if (origin === "number" || origin === "int" || origin === "bigint") {
    return inclusive ? `must be ${minimum} or more` : `must be more than ${minimum}`;
  }
  if (origin === "string") return minimum <= 1 ? "must not be empty" : `must be at least ${minimum} characters`;
  if (origin === "array" || origin === "set") {
    return minimum <= 1 ? "must list at least one entry" : `must list at least ${minimum} entries`;
  }
  return undefined;
}

function tooBig(origin: string, maximum: number, inclusive: boolean): string | undefined {
  if (origin === "number" || origin === "int" || origin === "bigint") {
    return inclusive ? `must be ${maximum} or less` : `must be less than ${maximum}`;
  }
  if (origin === "string") return `must be at most ${maximum} characters`;
  if (origin === "array" || origin === "set")
    return `must list at most ${maximum} ${maximum === 1 ? "entry" : "entries"}`;
  return undefined;
}

/** "a", "a or b", "a, b or c". */
function orList(values: string[]): string {
  return values.length <= 1 ? (values[0] ?? "") : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
}

function oneOf(values: string[], input: unknown): string {
  if (input === undefined) return `is required: ${orList(values)}`;
  return `must be ${orList(values)}, not ${shownValue(input)}`;
}

function invalidUnion(issue: Extract<RawIssue, { code: "invalid_union" }>): string {
  // A discriminated union names its choices ("kind" of a check-in item: choice or text).
  // The issue's path ends at the discriminating key, but its input is the whole entry.
  const options: unknown = issue.options;
  if (Array.isArray(options) && options.length > 0) {
    const entry = issue.input as Record<string, unknown> | undefined;
    const given = issue.discriminator && entry && typeof entry === "object" ? entry[issue.discriminator] : issue.input;
    return oneOf(options.map(String), given);
  }
  // A union of plain types ("text or a number"): each branch refused the value for its type alone.
  const expected = issue.errors.map((branch) =>
    branch.length === 1 && branch[0]?.code === "invalid_type" && branch[0].path.length === 0
      ? branch[0].expected
      : undefined,
  );
  if (issue.input === undefined) return "is required";
  if (expected.length > 0 && expected.every((e) => e !== undefined)) {
    const names = [...new Set(expected.map((e) => typeNames[e] ?? e))];
    return `must be ${orList(names)}, not ${shownValue(issue.input)}`;
  }
  return "does not match any of the allowed forms";
}

/** The keys an object schema knows, read from the schema's definition (zod's documented `_zod.def`). */
function knownKeys(issue: RawIssue): string[] {
  const owner = (issue.schema ?? issue.inst) as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined;
  return Object.keys(owner?._zod?.def?.shape ?? {});
}

function unknownKey(issue: RawIssue): string {
  const known = knownKeys(issue);
  return known.length > 0 ? `unknown key (known here: ${known.join(", ")})` : "unknown key";
}
