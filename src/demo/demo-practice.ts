/**
 * The demo a newcomer lands in when no platform token is set: a clearly labelled practice, therapist
 * and client, created once, so `npm start` goes straight into a console check-in. The demo therapist's
 * account is linked to a chat of its own in the console, so the alerts and summaries a therapist gets
 * can be seen there too. When asked, a new demo practice comes with months of labelled synthetic
 * history for five more DEMO clients (src/demo/demo-history.ts), so the therapist's summaries have
 * something to show.
 */
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/connection.js";
import { openOccurrenceFor } from "../db/repos/checkins.js";
import { createIdentity, findIdentity } from "../db/repos/identities.js";
import { createInvite } from "../db/repos/invites.js";
import { createClient, createPractice, createTherapist, getClient, setTherapistAdmin } from "../db/repos/people.js";
import { clients, identities, practices } from "../db/schema.js";
import { parsePracticeSettings } from "../practice/settings.js";
import { addDemoHistory } from "./demo-history.js";

export const demoNames = {
  practice: "DEMO practice (not a real practice)",
  therapist: "Demo therapist",
  backup: "Demo backup clinician",
  client: "Demo client",
} as const;

/** A console account and chat (the console adapter's own ids). */
export interface DemoChat {
  platformUserId: string;
  chatId: string;
}

export interface DemoState {
  clientId: number;
  /** A fresh invite code when the demo client has no linked account yet. */
  inviteCode?: string;
}

export interface DemoOptions {
  /**
   * Give a newly created demo practice its synthetic history (`npm start` does). Off by default, so a
   * test of the console flow sees only what the newcomer did.
   */
  history?: boolean;
}

/**
 * Finds or creates the demo practice; returns the demo client and, if it still needs linking, a code.
 * With `therapistChat`, the demo therapist is linked to that console chat (once; a demo database from
 * before the therapist had a chat gets it on its next start).
 */
export function ensureDemo(db: Db, now: Date, therapistChat?: DemoChat, options: DemoOptions = {}): DemoState {
  return db.transaction((tx) => {
    let practice = tx.select().from(practices).where(eq(practices.isDemo, true)).get();
    practice ??= createPractice(
      tx,
      {
        name: demoNames.practice,
        timezone: "Europe/Stockholm",
        locale: "en",
        isDemo: true,
        settings: parsePracticeSettings({
          riskItem: true,
          checkinAfterConsent: true,
          // No resources of its own: the demo shows Interlude's examples for Sweden, and start-up warns
          // that nobody has verified them, exactly as it would for a real practice.
          region: "SE",
        }),
      },
      now,
    );
    let client = tx
      .select()
      .from(clients)
      .where(and(eq(clients.practiceId, practice.id), eq(clients.alias, demoNames.client)))
      .get();
    if (!client) {
      const therapist = createTherapist(tx, { practiceId: practice.id, alias: demoNames.therapist }, now);
      // The demo's one therapist also runs the practice, so a newcomer sees every page of the web view.
      setTherapistAdmin(tx, therapist.id, true);
      // Risk alerts nobody acknowledges escalate to a backup clinician: the demo has one, as a practice should.
      createTherapist(tx, { practiceId: practice.id, alias: demoNames.backup, backupRank: 1 }, now);
      client = createClient(
        tx,
        {
          practiceId: practice.id,
          therapistId: therapist.id,
          alias: demoNames.client,
          locale: "en",
          checkinId: "alliance-safety",
        },
        now,
      );
      if (options.history) {
        addDemoHistory(tx, { practiceId: practice.id, therapistId: therapist.id, zone: practice.timezone }, now);
      }
    }
    if (therapistChat && !findIdentity(tx, "console", therapistChat.platformUserId)) {
      createIdentity(tx, { platform: "console", ...therapistChat, therapistId: client.therapistId }, now);
    }
    const linked = tx.select().from(identities).where(eq(identities.clientId, client.id)).get();
    if (linked) return { clientId: client.id };
    return { clientId: client.id, inviteCode: createInvite(tx, { clientId: client.id }, now, 7).code };
  });
}

/**
 * Whether the demo client, already enrolled, should be given a fresh check-in to try: active, linked
 * in this console (`platformUserId`), and with none open. Otherwise the demo picks up where the
 * client left off.
 */
export function demoCheckinDue(db: DbOrTx, demo: DemoState, platformUserId: string): boolean {
  const client = getClient(db, demo.clientId);
  const linked = findIdentity(db, "console", platformUserId);
  return client?.status === "active" && linked !== undefined && !openOccurrenceFor(db, client.id);
}
