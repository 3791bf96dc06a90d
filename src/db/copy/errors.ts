/**
 * How `db copy` fails. A refusal is found before anything is written (the target stays as it was);
 * a mismatch is found after the rows were written, inside the target's transaction, which is then
 * rolled back. Messages name databases without their passwords and tables by name, never a row's
 * contents.
 */

/** The copy cannot start: a missing source, a non-empty target, a risk spool still to replay, … */
export class CopyRefusedError extends Error {
  override name = "CopyRefusedError";
}

/** The target did not read back as the source: the named table's rows differ. */
export class CopyMismatchError extends Error {
  override name = "CopyMismatchError";
  constructor(
    readonly table: string,
    detail: string,
  ) {
    super(`table ${table}: ${detail}`);
  }
}
