/**
 * One error shape for every bad prompt or configuration file, so start-up can say exactly
 * `file: path.to.field: what is wrong` and a practice can fix it without reading code.
 */
import type { z } from "zod";

export class FileProblemsError extends Error {
  override name = "FileProblemsError";
  /** Each line reads `file: path: problem`. */
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

/**
 * Renders zod issues as `path.to.field: message` (path "(root)" for the file as a whole). An unknown
 * key is named by its own path, one line each, so the line points at what to delete or rename.
 * Parse with `{ error: plainWording }` (./plain-wording.ts) so the messages are plain words.
 */
export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${[...path, key].join(".")}: ${issue.message}`);
    }
    return [`${path.length === 0 ? "(root)" : path.join(".")}: ${issue.message}`];
  });
}
