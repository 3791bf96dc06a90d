/**
 * Structured logs (pino) to stderr. Log ids and kinds only: never answers, free text, or names.
 */
import { pino } from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string = "info"): Logger {
  return pino({ level, base: { app: "interlude" } }, pino.destination(2));
}

/** For tests and tools that must stay quiet. */
export const silentLogger: Logger = pino({ level: "silent" });
