/**
 * The warning `client add` / `therapist add` print for an alias that looks like a real name
 * (src/admin/name-like-alias.ts): at the CLI it is only a warning, and the practice decides.
 */
import { nameLikeAlias } from "../admin/name-like-alias.js";

const remedies = {
  client: 'erase the client (client erase ID) and add them again under a pseudonym such as "Oak-7"',
  therapist: 'deactivate the therapist (therapist deactivate ID) and add them again under an alias such as "T-Lind"',
} as const;

/** The warning for a name-like alias (the alias itself is not repeated), or undefined. */
export function aliasWarning(alias: string, who: keyof typeof remedies): string | undefined {
  const reason = nameLikeAlias(alias);
  return reason
    ? `warning: --alias looks like a real name (${reason}). Aliases must never be names; if this is one, ${remedies[who]}.`
    : undefined;
}
