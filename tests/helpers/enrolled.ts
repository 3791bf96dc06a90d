/**
 * A client who has enrolled and consented, ready for check-ins.
 */
import type { Locale } from "../../src/i18n/locales.js";
import type { PracticeSettings } from "../../src/practice/settings.js";
import { ChatUser, type Harness, prompts, type Seeded, seedPractice } from "./harness.js";

export function enrolledClient(
  h: Harness,
  options: { settings?: Partial<PracticeSettings>; locale?: Locale; user?: ChatUser } = {},
): { seeded: Seeded; user: ChatUser } {
  const seeded = seedPractice(h, options);
  const user = options.user ?? new ChatUser(h);
  user.command("start", seeded.code);
  // The label comes from the catalogue so a reworded translation does not break tests.
  user.pressLabel(prompts().messages.t(options.locale ?? "en", "consent.accept"));
  user.read();
  return { seeded, user };
}
