/**
 * What was already queued for a clinician when their access ended: after `client move` or
 * `therapist deactivate`, messages about that client (alert notices, /summary replies, weekly
 * summaries) never reach the clinician who lost access, while the rest of their queue is untouched;
 * an open risk alert whose notice is withdrawn is still heard, by the new therapist or up the ladder.
 */
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deactivateClinician } from "../../src/admin/deactivate-clinician.js";
import { handOverClient } from "../../src/admin/hand-over.js";
import { createIdentity } from "../../src/db/repos/identities.js";
import { getClient } from "../../src/db/repos/people.js";
import { auditLog, outbox, summaries } from "../../src/db/schema.js";
import { WeeklyDelivery } from "../../src/insights/weekly-delivery.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import { fakeWait, RecordingSender } from "../fakes/recording-sender.js";
import { caseload } from "../helpers/caseload.js";
import { cli } from "../helpers/cli.js";
import { createHarness, type Harness, prompts } from "../helpers/harness.js";
import { day, recordCheckin } from "../helpers/history.js";
import { addClinician, allAlerts, minutes, safetyScene } from "../helpers/safety.js";

const en = (key: MessageKey, values?: Record<string, string | number>) => prompts().messages.t("en", key, values);
const words = "I want to kill myself";

/** Sends everything queued on the console platform, as the running Interlude would. */
async function deliverAll(h: Harness): Promise<RecordingSender> {
  const sender = new RecordingSender("console", h.clock);
  const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, { wait: fakeWait(h.clock) });
  dispatcher.register(sender, { perSecond: 1_000, perChatPerSecond: 1_000 });
  await dispatcher.drain();
  return sender;
}

/** Everything queued so far went out (the harness itself never sends). */
const allSent = (h: Harness) => h.handle.db.update(outbox).set({ status: "sent" }).run();

/** Links therapist 1's Telegram chat ("t1-chat") and returns the weekly summary job for the caseload. */
function linkTherapistOne(c: ReturnType<typeof caseload>): WeeklyDelivery {
  createIdentity(
    c.handle.db,
    { platform: "telegram", platformUserId: "t1", chatId: "t1-chat", therapistId: 1 },
    c.clock.now(),
  );
  return new WeeklyDelivery({ db: c.handle.db, clock: c.clock, prompts: prompts(), logger: silentLogger });
}

const rowsTo = (h: Harness, chatId: string) => h.handle.db.select().from(outbox).where(eq(outbox.chatId, chatId)).all();

describe("messages queued for a therapist from whom a client is moved", () => {
  it("are withdrawn if they are about that client; the new therapist is told; the rest still goes", async () => {
    const h = createHarness();
    const { client, therapist, seeded } = safetyScene(h);
    const colleague = addClinician(h, seeded, "T2", 0);
    allSent(h);
    client.text(words);
    therapist.command("summary", "Client A");
    therapist.command("help");
    // The therapist's chat was unreachable: the alert notice and both replies are still queued.
    const queued = therapist.read();
    expect(queued.map((m) => m.text).join("\n")).toContain("Client A");

    await cli({}, h).json("client", "move", String(seeded.clientId), "--therapist", "2");
    const sent = await deliverAll(h);

    const toTherapist = sent.sends(therapist.chatId).map((c) => c.text);
    expect(toTherapist).toEqual([`${en("clinician.help")}\n${en("workspace.help")}`]);
    for (const text of toTherapist) expect(text).not.toContain("Client A");
    const statuses = rowsTo(h, therapist.chatId).map((r) => r.status);
    expect(statuses.filter((s) => s === "withdrawn").length).toBeGreaterThanOrEqual(2);
    // The alert is not lost with its notice: the new therapist has it.
    const toColleague = sent.sends(colleague.chatId).map((c) => c.text);
    expect(toColleague.some((t) => t.includes("is now yours") && t.includes("Client A"))).toBe(true);
    const withdrawal = h.handle.db.select().from(auditLog).where(eq(auditLog.action, "outbox.withdrawn")).get();
    expect(withdrawal).toMatchObject({ subject: "therapist:1" });
    // The record keeps the fact, never the words.
    expect(JSON.stringify(withdrawal)).not.toContain(words);
    for (const row of rowsTo(h, therapist.chatId)) expect(JSON.stringify(row.payload)).not.toContain(words);
  });

  it("withdraw the weekly summary, which is built again at the next tick without the client", async () => {
    const c = caseload({ now: new Date("2026-11-23T07:00:00Z") });
    const db = c.handle.db;
    const birch = c.addClient("Birch-2");
    const fir = c.addClient("Fir-6");
    const colleague = c.addTherapist("T2");
    recordCheckin(db, birch, day("2026-11-19", 0), [2, 2, 3, 3], { note: "I felt unheard by you last time." });
    recordCheckin(db, fir, day("2026-11-20", 0), [4, 4, 5, 4], { note: "Thanks, this week went well." });
    const job = linkTherapistOne(c);
    expect(await job.tick()).toMatchObject({ queued: 1 });
    const summaryText = () =>
      db
        .select()
        .from(outbox)
        .where(and(like(outbox.dedupeKey, "summary:1:%"), eq(outbox.status, "pending")))
        .all()
        .map((r) => (r.payload as { text: string }).text)
        .join("\n");
    expect(summaryText()).toContain("Birch-2");

    db.transaction((tx) =>
      handOverClient(
        tx,
        prompts(),
        getClient(tx, birch) as NonNullable<ReturnType<typeof getClient>>,
        colleague,
        c.clock.now(),
      ),
    );
    expect(summaryText()).toBe("");
    expect(db.select().from(summaries).where(eq(summaries.therapistId, 1)).all()).toEqual([]);

    c.clock.advance(60_000);
    expect(await job.tick()).toMatchObject({ queued: 1 });
    const rebuilt = summaryText();
    expect(rebuilt).toContain("Fir-6");
    expect(rebuilt).not.toContain("Birch-2");
    expect(rebuilt).not.toContain("unheard");
  });
});

describe("messages queued for a clinician who is deactivated", () => {
  it("never go out; only the notice that access ended does, and no weekly summary follows", async () => {
    const c = caseload({ now: new Date("2026-11-23T07:00:00Z") });
    const db = c.handle.db;
    const birch = c.addClient("Birch-2");
    const colleague = c.addTherapist("T2");
    recordCheckin(db, birch, day("2026-11-19", 0), [2, 2, 3, 3], { note: "I felt unheard by you last time." });
    const job = linkTherapistOne(c);
    await job.tick();

    db.transaction((tx) => deactivateClinician(tx, prompts(), 1, colleague, c.clock.now()));
    c.clock.advance(60_000);
    expect(await job.tick()).toMatchObject({ queued: 0 });
    const sender = new RecordingSender("telegram", c.clock);
    const dispatcher = new Dispatcher(db, c.clock, silentLogger, { wait: fakeWait(c.clock) });
    dispatcher.register(sender, { perSecond: 1_000, perChatPerSecond: 1_000 });
    await dispatcher.drain();
    expect(sender.sends("t1-chat").map((s) => s.text)).toEqual([en("clinician.access_ended")]);
  });

  it("as a backup whose escalation notice had not gone out: the alert climbs on at once", async () => {
    const h = createHarness();
    const { client, therapist, seeded, watch } = safetyScene(h);
    const backup = addClinician(h, seeded, "Backup", 1);
    client.text(words);
    therapist.read();
    allSent(h);
    h.clock.advance(minutes(120));
    watch.tick();
    const escalation = backup.read();
    expect(escalation.map((m) => m.text)).toEqual([expect.stringContaining("Escalated risk alert 1")]);
    expect(therapist.read()).toEqual([]);

    await cli({}, h).json("therapist", "deactivate", "2");
    const sent = await deliverAll(h);

    expect(sent.sends(backup.chatId).map((c) => c.text)).toEqual([en("clinician.access_ended")]);
    // With nobody left on that rung, everyone still on the ladder hears of it now: here the therapist.
    expect(sent.sends(therapist.chatId).some((c) => c.text.includes("Escalated risk alert 1"))).toBe(true);
    expect(allAlerts(h)[0]?.escalationLevel).toBe(2);
    expect(allAlerts(h)[0]?.acknowledgedAt).toBeNull();
  });
});
