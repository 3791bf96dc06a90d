/**
 * Scenes for safety tests: an enrolled client with the risk question on, their therapist linked in
 * chat, and backup clinicians at ranks of the escalation ladder.
 */
import { eq } from "drizzle-orm";
import { createInvite } from "../../src/db/repos/invites.js";
import { createTherapist } from "../../src/db/repos/people.js";
import { alerts, alertTriggers, auditLog } from "../../src/db/schema.js";
import { silentLogger } from "../../src/logger.js";
import type { PracticeSettings } from "../../src/practice/settings.js";
import { MemoryRiskSpool } from "../../src/safety/spool.js";
import { SafetyWatch } from "../../src/safety/watch.js";
import { enrolledClient } from "./enrolled.js";
import { ChatUser, type Harness, prompts, type Seeded } from "./harness.js";

export interface SafetyScene {
  seeded: Seeded;
  client: ChatUser;
  therapist: ChatUser;
  watch: SafetyWatch;
}

export function safetyScene(
  h: Harness,
  options: { settings?: Partial<PracticeSettings>; linkTherapist?: boolean } = {},
): SafetyScene {
  const { seeded, user } = enrolledClient(h, {
    settings: {
      riskItem: true,
      region: "SE",
      crisisResources: [{ region: "SE", name: "Crisis line", contact: "0000", verified: true }],
      ...options.settings,
    },
  });
  const therapist = new ChatUser(h, "therapist-1", "therapist-chat");
  if (options.linkTherapist !== false) {
    therapist.command("start", seeded.therapistCode);
    therapist.read();
  }
  const watch = new SafetyWatch({
    db: h.handle.db,
    clock: h.clock,
    prompts: prompts(),
    logger: silentLogger,
    spool: new MemoryRiskSpool(),
  });
  return { seeded, client: user, therapist, watch };
}

/** Adds a clinician at `rank` on the ladder (0: an ordinary colleague), linked in a chat of their own. */
export function addClinician(h: Harness, seeded: Seeded, alias: string, rank: number, linked = true): ChatUser {
  const now = h.clock.now();
  const row = createTherapist(
    h.handle.db,
    { practiceId: seeded.practiceId, alias, ...(rank > 0 ? { backupRank: rank } : {}) },
    now,
  );
  const { code } = createInvite(h.handle.db, { therapistId: row.id }, now, 7);
  const chat = new ChatUser(h, `clinician-${alias}`, `chat-${alias}`);
  if (linked) {
    chat.command("start", code);
    chat.read();
  }
  return chat;
}

export function allAlerts(h: Harness) {
  return h.handle.db.select().from(alerts).all();
}

export function triggerRows(h: Harness, alertId: number) {
  return h.handle.db.select().from(alertTriggers).where(eq(alertTriggers.alertId, alertId)).all();
}

export function auditActions(h: Harness, subject?: string): string[] {
  const rows = h.handle.db.select().from(auditLog).all();
  return rows.filter((r) => subject === undefined || r.subject === subject).map((r) => r.action);
}

export const minutes = (n: number) => n * 60_000;
