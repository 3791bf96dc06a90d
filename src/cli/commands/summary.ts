/**
 * `summary`: a therapist's weekly summary on demand, as Markdown (default), one self-contained HTML
 * file with the charts inline, or JSON. Printed, or written to `--out` (atomically: a crash never
 * leaves half a file; never over the database or an existing file without --force, see out-path.ts).
 * Every export is audited, since it reads client data.
 */
import type { Command } from "commander";
import { z } from "zod";
import { audit } from "../../db/repos/audit.js";
import { getTherapist } from "../../db/repos/people.js";
import { isLocale, localeSchema, referenceLocale } from "../../i18n/locales.js";
import { chartFontNotice } from "../../insights/chart/font-notice.js";
import { pngRenderer, renderSummaryCharts, summaryChartTexts } from "../../insights/charts.js";
import { summaryBlocks } from "../../insights/render/blocks.js";
import { renderHtml } from "../../insights/render/html.js";
import { summaryJson } from "../../insights/render/json.js";
import { renderMarkdown } from "../../insights/render/markdown.js";
import { summaryWords } from "../../insights/render/summary-text.js";
import { lastCompleteWeek, summariseWeek, therapistZone } from "../../insights/summarise.js";
import { weekIdSchema, weekNamed } from "../../insights/weeks.js";
import { writeFileAtomic } from "../../text/atomic-write.js";
import { idArg, parseArg } from "../arguments.js";
import { type CliContext, CliUsageError } from "../context.js";
import { checkOutPath } from "../out-path.js";

const formatArg = z.enum(["md", "html", "json"], { message: "must be md, html or json" });

interface SummaryOptions {
  therapist: string;
  week?: string;
  format: string;
  out?: string;
  force: boolean;
  locale?: string;
  json: boolean;
}

export function registerSummaryCommand(program: Command, ctx: CliContext): void {
  program
    .command("summary")
    .description("a therapist's weekly summary (default: the last complete week, as Markdown)")
    .requiredOption("--therapist <id>", "whose caseload")
    .option("--week <week>", "ISO week in the therapist's time zone, e.g. 2026-W47")
    .option("--format <format>", "md, html (one file, charts inline) or json", "md")
    .option("--out <file>", "write to this file instead of printing (never the database or a file in its folder)")
    .option("--force", "replace the --out file if it exists", false)
    .option("--locale <locale>", "language of the text (default: the therapist's)")
    .option("--json", "print one JSON object: the summary itself, or (with --out) what was written", false)
    .action(async (options: SummaryOptions) => {
      const therapistId = parseArg(idArg, options.therapist, "--therapist");
      // --json without --out prints the summary as JSON; with --out it describes the file written.
      const format =
        options.json && options.out === undefined ? "json" : parseArg(formatArg, options.format, "--format");
      const weekId = options.week === undefined ? undefined : parseArg(weekIdSchema, options.week, "--week");
      const locale = options.locale === undefined ? undefined : parseArg(localeSchema, options.locale, "--locale");
      // Checked before the database is opened: a refused path reads and changes nothing.
      const out =
        options.out === undefined
          ? undefined
          : checkOutPath(options.out, { expect: "file", force: options.force, liveDatabase: ctx.config.INTERLUDE_DB });
      const { db } = ctx.database();
      const now = ctx.clock.now();
      const therapist = getTherapist(db, therapistId);
      if (!therapist) throw new CliUsageError(`--therapist: no therapist with id ${therapistId}`);
      const zone = therapistZone(db, therapist);
      const week = weekId === undefined ? lastCompleteWeek(now, zone) : weekNamed(weekId, zone);
      if (!week) throw new CliUsageError(`--week: ${weekId} does not exist`);
      if (week.start > now) throw new CliUsageError(`--week: ${week.id} has not started yet`);

      const prompts = await ctx.prompts();
      const summary = summariseWeek(db, prompts, therapistId, week, now);
      if (!summary) throw new CliUsageError(`--therapist: no therapist with id ${therapistId}`);
      const chosen = locale ?? (therapist.locale && isLocale(therapist.locale) ? therapist.locale : referenceLocale);
      const words = summaryWords(prompts, chosen, zone);
      const blocks = summaryBlocks(summary, words);
      let output: string;
      if (format === "json") output = `${JSON.stringify(summaryJson(summary, words), null, 2)}\n`;
      else if (format === "md") output = renderMarkdown(blocks);
      else {
        output = renderHtml(blocks, await renderSummaryCharts(summary, words, pngRenderer), chosen);
        // Only HTML draws charts. On stderr, so a summary printed to stdout stays clean.
        const notice = await chartFontNotice(summaryChartTexts(summary, words));
        if (notice) ctx.io.err(notice);
      }

      db.transaction((tx) => {
        audit(
          tx,
          {
            actor: "cli",
            action: "summary.exported",
            subject: `therapist:${therapistId}`,
            detail: { week: week.id, format, clients: summary.clients.length, toFile: out !== undefined },
          },
          now,
        );
        // Written last, inside the transaction: a failed write rolls the audit entry back with it.
        if (out !== undefined) writeAtomically(out, output, options.force);
      });
      if (out === undefined) {
        ctx.io.out(options.json ? JSON.stringify(summaryJson(summary, words)) : output.trimEnd());
        return;
      }
      if (options.json) {
        ctx.io.out(JSON.stringify({ written: options.out, week: week.id, format, clients: summary.clients.length }));
      } else ctx.io.err(`Wrote ${options.out} (${week.id}, ${summary.clients.length} clients, ${format}).`);
    });
}

function writeAtomically(path: string, content: string, replace: boolean): void {
  try {
    writeFileAtomic(path, content, { replace });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new CliUsageError(
        `--out: ${path} appeared while the summary was made; nothing was written (add --force to replace it)`,
      );
    }
    throw new CliUsageError(`--out: cannot write ${path} (${code ?? "error"}); nothing was written`);
  }
}
