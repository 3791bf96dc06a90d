/**
 * A reason Interlude cannot start that the person starting it can fix (an unreachable platform, a
 * rejected token). Printed plainly, without a stack trace and without secrets.
 */
export class StartupError extends Error {
  override name = "StartupError";
}
