/**
 * `practice set`: change one practice setting at a time (flag thresholds, summary day and time,
 * feature switches, windows), by the dotted names `practice show` prints. Every change is validated
 * against the whole settings schema before it is stored, so a practice can never be left with
 * half-valid settings. practice.yaml (`practice apply`) manages the same settings as code.
 */
import type { Command } from "commander";
import { eq } from "drizzle-orm";
import { audit } from "../../db/repos/audit.js";
import { getPractice } from "../../db/repos/people.js";
import { practices } from "../../db/schema.js";
import { practiceSettingsSchema, settingsOf } from "../../practice/settings.js";
import { describeZodIssues } from "../../prompts/errors.js";
import { plainWording } from "../../prompts/plain-wording.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError, printResult } from "../context.js";

/** "true", "3", "[...]" are JSON; anything else ("friday", "08:00") is a plain string. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Sets `path` ("flags.quietRun") in a copy of `settings`; only existing keys may be set. */
function withSetting(settings: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split(".");
  const copy: Record<string, unknown> = structuredClone(settings);
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== "object" || Array.isArray(next)) {
      throw new CliUsageError(`<setting>: no setting called "${path}" (see practice show)`);
    }
    node = next as Record<string, unknown>;
  }
  const last = keys.at(-1) as string;
  if (!(last in node)) throw new CliUsageError(`<setting>: no setting called "${path}" (see practice show)`);
  node[last] = value;
  return copy;
}

export function registerPracticeSettingsCommands(practice: Command, ctx: CliContext): void {
  practice
    .command("set")
    .description("change one setting, e.g. `practice set 1 flags.quietRun 3` or `practice set 1 summaryDay friday`")
    .argument("<practice>", "practice id")
    .argument("<setting>", "dotted name, as `practice show` prints it")
    .argument("<value>", "the new value (numbers, true/false and lists as JSON; text as is)")
    .option("--json", "print one JSON object", false)
    .action((practiceArg: string, path: string, rawValue: string, options: { json: boolean }) => {
      const id = parseArg(idArg, practiceArg, "<practice>");
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const settings = db.transaction((tx) => {
        const row = getPractice(tx, id);
        if (!row) throw new CliUsageError(`<practice>: no practice with id ${id}`);
        const candidate = withSetting(settingsOf(row), path, parseValue(rawValue));
        // Plain words for what the schema has no message of its own for ("must be monday, …, not …").
        const parsed = practiceSettingsSchema.safeParse(candidate, { error: plainWording });
        if (!parsed.success) throw new CliUsageError(`<value>: ${describeZodIssues(parsed.error).join("; ")}`);
        tx.update(practices).set({ settings: parsed.data }).where(eq(practices.id, id)).run();
        audit(
          tx,
          { actor: "cli", action: "practice.setting_changed", subject: `practice:${id}`, detail: { setting: path } },
          now,
        );
        return parsed.data;
      });
      printResult(ctx, options.json, { practiceId: id, settings }, [
        `Practice ${id}: ${path} = ${JSON.stringify(withValue(settings, path))}.`,
      ]);
    });
}

function withValue(settings: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], settings);
}
