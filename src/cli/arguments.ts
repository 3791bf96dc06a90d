/**
 * zod schemas for CLI arguments. Each failure names the option and what is wrong with it.
 */
import { z } from "zod";
import { aliasSchema } from "../admin/alias.js";
import { localeSchema } from "../i18n/locales.js";
import { timezoneSchema } from "../i18n/timezone.js";
import { plainWording } from "../prompts/plain-wording.js";
import { CliUsageError } from "./context.js";

export const idArg = z.coerce
  .number({ message: "must be a number" })
  .int("must be a whole number")
  .positive("must be positive");

/** Aliases, never real names: the same rules as a clinician's `/invite` in chat. */
export const aliasArg = aliasSchema;

export const timezoneArg = timezoneSchema;

export const localeArg = localeSchema;

/** Parses one option's value or throws a CliUsageError naming the option. */
export function parseArg<T>(schema: z.ZodType<T>, value: unknown, option: string): T {
  const parsed = schema.safeParse(value, { error: plainWording });
  if (parsed.success) return parsed.data;
  const reason = parsed.error.issues[0]?.message ?? "is not valid";
  const given = JSON.stringify(value);
  // The plain wording often says what was given already ('must be en, sv or zh, not "fr"').
  throw new CliUsageError(`${option}: ${reason}${reason.includes(given) ? "" : ` (got ${given})`}`);
}

export const practiceNameArg = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, "must not contain control or invisible characters");
