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

/** Renders zod issues as `path.to.field: message` (path "(root)" for the file as a whole). */
export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return `${path === "" ? "(root)" : path}: ${issue.message}`;
  });
}
