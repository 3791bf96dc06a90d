/**
 * Start-up warnings (unchecked crisis numbers, no region, no backup clinician, missing chart fonts)
 * are printed once, loudly, to stderr whatever the log level, because a quiet warning is one nobody
 * reads. The log gets one line saying how many there were, not the same words again as JSON: the log
 * and stderr are the same stream, and a warning printed twice is read as two. The console demo passes
 * no logger, so its terminal shows the warnings and nothing else.
 */
import type { Logger } from "./logger.js";

export function printStartupWarnings(
  warnings: readonly string[],
  write: (text: string) => void,
  logger?: Logger,
): void {
  if (warnings.length === 0) return;
  for (const warning of warnings) write(`\n*** WARNING: ${warning}\n`);
  write("\n");
  logger?.warn({ warnings: warnings.length }, "start-up warnings printed above; see stderr");
}
