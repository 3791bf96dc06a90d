/**
 * zod issues in plain words, with the file's own key names: what a practice reads when practice.yaml
 * or a check-in file is wrong. A schema's own message always wins over the plain wording.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeZodIssues } from "../../src/prompts/errors.js";
import { plainWording } from "../../src/prompts/plain-wording.js";

function problems(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value, { error: plainWording });
  if (parsed.success) throw new Error("expected the value to be refused");
  return describeZodIssues(parsed.error);
}

describe("plain wording of zod issues", () => {
  it("words ranges as 'N or more' / 'N or less'", () => {
    const schema = z.strictObject({
      jitter: z.number().int().min(0).max(720),
      version: z.number().int().positive(),
      below: z.number().lt(10),
    });
    expect(problems(schema, { jitter: -5, version: 0, below: 10 })).toEqual([
      "jitter: must be 0 or more",
      "version: must be more than 0",
      "below: must be less than 10",
    ]);
    expect(problems(schema, { jitter: 721, version: 1, below: 1 })).toEqual(["jitter: must be 720 or less"]);
  });

  it("words types, whole numbers and missing keys", () => {
    const schema = z.strictObject({
      on: z.boolean(),
      count: z.number().int(),
      name: z.string(),
      list: z.array(z.string()),
    });
    expect(problems(schema, { on: "maybe", count: 1.5, list: "a" })).toEqual([
      'on: must be true or false, not "maybe"',
      "count: must be a whole number, not 1.5",
      "name: is required",
      'list: must be a list, not "a"',
    ]);
  });

  it("words text and list lengths", () => {
    const schema = z.strictObject({ a: z.string().min(1), b: z.string().max(3), c: z.array(z.string()).min(1).max(2) });
    expect(problems(schema, { a: "", b: "long", c: [] })).toEqual([
      "a: must not be empty",
      "b: must be at most 3 characters",
      "c: must list at least one entry",
    ]);
    expect(problems(schema, { a: "x", b: "x", c: ["1", "2", "3"] })).toEqual(["c: must list at most 2 entries"]);
  });

  it("lists the allowed values, and says what was given", () => {
    const schema = z.strictObject({
      locale: z.enum(["en", "sv", "zh"]),
      item: z.discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("choice") }),
        z.strictObject({ kind: z.literal("text") }),
      ]),
      either: z.union([z.string(), z.number()]),
    });
    expect(problems(schema, { locale: "fr", item: { kind: "essay" }, either: true })).toEqual([
      'locale: must be en, sv or zh, not "fr"',
      'item.kind: must be choice or text, not "essay"',
      "either: must be text or a number, not true",
    ]);
  });

  it("names each unknown key by its own path, with the keys that are known there", () => {
    const schema = z.strictObject({ schedule: z.strictObject({ spec: z.string(), quiet: z.string().optional() }) });
    expect(problems(schema, { schedule: { spec: "daily at 09:00", quietHours: "x", extra: 1 }, top: 2 })).toEqual([
      "schedule.quietHours: unknown key (known here: spec, quiet)",
      "schedule.extra: unknown key (known here: spec, quiet)",
      "top: unknown key (known here: schedule)",
    ]);
  });

  it("keeps a schema's own message, and never shows zod's wording", () => {
    const schema = z.strictObject({
      key: z.string().regex(/^[a-z]+$/, "must be lower-case letters"),
      other: z.string().regex(/^x$/),
    });
    const lines = problems(schema, { key: "A", other: "y" });
    expect(lines).toEqual(["key: must be lower-case letters", "other: is not in the expected form"]);
    expect(lines.join("\n")).not.toMatch(/Too small|Too big|Invalid|Unrecognized|expected .* received/);
  });

  it("shows long text cut short and anything else by its kind", () => {
    const schema = z.strictObject({ n: z.number() });
    expect(problems(schema, { n: "x".repeat(60) })).toEqual([`n: must be a number, not "${"x".repeat(40)}…"`]);
    expect(problems(schema, { n: [1] })).toEqual(["n: must be a number, not a list"]);
    expect(problems(schema, { n: { a: 1 } })).toEqual(["n: must be a number, not a group of keys"]);
    expect(problems(schema, { n: null })).toEqual(["n: must be a number, not empty"]);
  });

  it("names the file as a whole (root)", () => {
    expect(problems(z.strictObject({}), ["a"])).toEqual(["(root): must be a group of keys (key: value), not a list"]);
  });
});
