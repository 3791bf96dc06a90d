/**
 * `checkin validate <file>`: checks a check-in definition (e.g. a practice's licensed instrument) by
 * exactly the rules Interlude applies at start-up, without touching the database.
 */
import type { Command } from "commander";
import { FileProblemsError } from "../../prompts/errors.js";
import { loadCheckinFile } from "../../prompts/load.js";
import { type CliContext, printResult } from "../context.js";

export function registerCheckinValidateCommand(checkin: Command, ctx: CliContext): void {
  checkin
    .command("validate")
    .description("check a check-in definition file (no database needed)")
    .argument("<file>", "the check-in YAML file")
    .option("--json", "print one JSON object", false)
    .action(async (file: string, options: { json: boolean }) => {
      const problems: string[] = [];
      const definition = loadCheckinFile(file, problems, file);
      if (!definition || problems.length > 0) throw new FileProblemsError(problems);
      const clash = (await ctx.prompts()).checkins.has(definition.id);
      const items = definition.items.map((item) => ({
        id: item.id,
        version: item.version,
        kind: item.kind,
        ...(item.kind === "choice" ? { scale: item.scale, dimension: item.dimension ?? null } : {}),
      }));
      printResult(
        ctx,
        options.json,
        { valid: true, id: definition.id, version: definition.version, items, sameIdAsBuiltIn: clash },
        [
          `${file}: valid check-in "${definition.id}" version ${definition.version}, ${items.length} items:`,
          ...items.map(
            (i) => `  ${i.id} (v${i.version}, ${i.kind}${"dimension" in i && i.dimension ? `, ${i.dimension}` : ""})`,
          ),
          ...(clash
            ? [`Note: a built-in check-in is also called "${definition.id}"; practice.yaml will refuse it.`]
            : []),
        ],
      );
    });
}
