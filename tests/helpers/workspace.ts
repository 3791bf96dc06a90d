/**
 * A scene for the therapist's workspace commands: a practice whose therapist T1 (with client Oak-7) is
 * linked in chat, a second therapist T2 with a client Elm-3, and a backup clinician B1 (linked, rank 1)
 * to whom an alert about Oak-7 has escalated. The engine knows the Telegram bot's username and records
 * the QR codes it asks for instead of drawing them.
 */
import { FakeClock } from "../../src/clock.js";
import { openInMemoryDatabase } from "../../src/db/connection.js";
import { insertAlert, recordNotification } from "../../src/db/repos/alerts.js";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createTherapist } from "../../src/db/repos/people.js";
import { auditLog, clients, invites, type Platform, scheduleCursors, schedules } from "../../src/db/schema.js";
import { BotUsernames } from "../../src/engine/bot-usernames.js";
import { Engine } from "../../src/engine/engine.js";
import { silentLogger } from "../../src/logger.js";
import type { QrCodeRequest } from "../../src/outbox/outbound.js";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import type { Placeholders } from "../../src/prompts/messages.js";
import { ChatUser, type Harness, prompts, seedPractice } from "./harness.js";

export const botUsername = "interlude_test_bot";

export function workspaceScene(platform: Platform = "telegram") {
  const handle = openInMemoryDatabase();
  const clock = new FakeClock("2026-12-07T09:00:00Z"); // Monday, 10:00 in Stockholm
  const qrRequests: QrCodeRequest[] = [];
  const usernames = new BotUsernames();
  usernames.set("telegram", botUsername);
  const engine = new Engine({
    db: handle.db,
    clock,
    prompts: prompts(),
    logger: silentLogger,
    botUsernames: usernames,
    qrCodes: { deliver: (request) => void qrRequests.push(request) },
  });
  const h: Harness = { handle, clock, engine };
  const seeded = seedPractice(h, { alias: "Oak-7" });
  const db = handle.db;
  const therapist = new ChatUser(h, "3003", "3003", platform);
  therapist.command("start", seeded.therapistCode);
  therapist.read();

  const other = createTherapist(db, { practiceId: seeded.practiceId, alias: "T2" }, clock.now());
  const elm = createClient(
    db,
    {
      practiceId: seeded.practiceId,
      therapistId: other.id,
      alias: "Elm-3",
      locale: "en",
      checkinId: "alliance-safety",
    },
    clock.now(),
  );
  const backupRow = createTherapist(db, { practiceId: seeded.practiceId, alias: "B1", backupRank: 1 }, clock.now());
  const backup = new ChatUser(h, "4004", "4004", platform);
  backup.command("start", createInvite(db, { therapistId: backupRow.id }, clock.now(), 7).code);
  backup.read();
  // Oak-7's risk alert has escalated to the backup: they may see the alert, never manage the client.
  const alert = insertAlert(
    db,
    { clientId: seeded.clientId, therapistId: seeded.therapistId, kind: "risk", trigger: "risk_text" },
    clock.now(),
  );
  recordNotification(db, { alertId: alert.id, therapistId: backupRow.id, reason: "escalated", level: 1 }, clock.now());

  /** Sends a command as `who` and returns what came back, one message a line. */
  const say = (command: string, args = "", who: ChatUser = therapist) => {
    who.command(command, args);
    return who
      .read()
      .map((m) => m.text)
      .join("\n");
  };
  /** Everything a workspace command may change, to compare before and after. */
  const state = () =>
    JSON.stringify({
      clients: db.select().from(clients).all(),
      invites: db.select().from(invites).all(),
      schedules: db.select().from(schedules).all(),
      cursors: db.select().from(scheduleCursors).all(),
    });
  const audits = (action?: string) =>
    db
      .select()
      .from(auditLog)
      .all()
      .filter((r) => action === undefined || r.action === action)
      .map((r) => [r.actor, r.action, r.subject]);
  return { h, db, seeded, therapist, backup, otherTherapistId: other.id, elm, alert, qrRequests, say, state, audits };
}

export const t = (key: MessageKey, values?: Placeholders, locale: "en" | "sv" | "zh" = "en") =>
  prompts().messages.t(locale, key, values);
