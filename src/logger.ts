/**
 * Structured logs (pino) to stderr. Log ids and kinds only: never answers, free text, or names.
 * Every finished line passes through the redactor before it is written, so no secret the process was
 * given (and nothing shaped like a bot token) reaches a log, whichever field or library put it there.
 */
import { pino } from "pino";
import { createRedactor, type Redactor, secretsIn } from "./redact.js";

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Default: the secrets in the environment, and every token shape. */
  redact?: Redactor;
  /** Default: stderr. */
  destination?: pino.DestinationStream;
}

export function createLogger(level: string = "info", options: LoggerOptions = {}): Logger {
  const redact = options.redact ?? createRedactor(secretsIn(process.env));
  return pino(
    { level, base: { app: "interlude" }, hooks: { streamWrite: redact } },
    options.destination ?? pino.destination(2),
  );
}

/** For tests and tools that must stay quiet. */
export const silentLogger: Logger = pino({ level: "silent" });
