/**
 * The last line of defence for an error nothing else caught. Node would print it (stack, message and
 * any properties, such as a failed request's URL with the bot token in it) and exit; these handlers
 * print it cleaned by the redactor instead, and exit with the same code 1.
 */
import { describeError, type Redactor } from "./redact.js";

export function exitOnUncaughtErrors(
  redact: Redactor,
  write: (text: string) => void = (text) => process.stderr.write(text),
): void {
  const fail = (what: string) => (error: unknown) => {
    write(`${what}: ${describeError(error, redact)}\n`);
    process.exit(1);
  };
  process.on("uncaughtException", fail("Interlude stopped on an uncaught exception"));
  process.on("unhandledRejection", fail("Interlude stopped on an unhandled promise rejection"));
}
