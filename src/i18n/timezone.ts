/**
 * An IANA time zone name that this Node's Intl knows, so every zone stored can be used for wall-time
 * arithmetic later. One rule for the CLI, practice.yaml and anywhere else a zone comes in.
 */
import { z } from "zod";

export const timezoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Europe/Stockholm");
