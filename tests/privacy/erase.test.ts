/**
 * Erasure leaves nothing about the client in any table (a scan of every column of every row), except
 * the one tombstone; it never takes an open risk alert with it; it blanks what already reached a
 * clinician and withdraws what had not; and the erased account is a stranger from then on.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, answers, auditLog, clients, erasures, identities, outbox } from "../../src/db/schema.js";
import { eraseClient } from "../../src/privacy/erase.js";
import { erasedPayload } from "../../src/privacy/outbox-scrub.js";
import { snapshot } from "../helpers/cli.js";
import { createHarness, type Harness } from "../helpers/harness.js";
import {
  en,
  fullClient,
  fullClientNeedles,
  fullClientScene,
  outboxRow,
  summaryRow,
  tracesOf,
} from "../helpers/privacy.js";

function erase(h: Harness, clientId: number) {
  return h.handle.db.transaction((tx) => eraseClient(tx, { clientId, actor: "cli" }, h.clock.now()));
}

describe("erasure", () => {
  it("leaves no trace of the client in any table, only the tombstone", () => {
    const h = createHarness();
    const scene = fullClientScene(h);
    const id = scene.seeded.clientId;
    // The scan must be able to fail: before erasure it finds the client all over the database.
    const before = tracesOf(h.handle, id, fullClientNeedles());
    for (const table of [
      "clients",
      "identities",
      "answers",
      "alerts",
      "alert_triggers",
      "audit_log",
      "outbox",
      "telegram_inbox",
    ]) {
      expect(before.some((t) => t.startsWith(`${table}.`))).toBe(true);
    }
    expect(before.some((t) => t.startsWith("schedule_cursors.") || t.startsWith("schedules."))).toBe(true);
    expect(before.some((t) => t.startsWith("sessions.")) && before.some((t) => t.startsWith("session_series."))).toBe(
      true,
    );
    expect(before.some((t) => t.startsWith("therapist_ratings."))).toBe(true);
    expect(before.filter((t) => t.startsWith("topics.")).length).toBeGreaterThanOrEqual(2);

    const result = erase(h, id);
    expect(result.status).toBe("erased");
    expect(tracesOf(h.handle, id, fullClientNeedles(), ["erasures"])).toEqual([]);
    const tombstones = h.handle.db.select().from(erasures).all();
    expect(tombstones).toEqual([{ id: expect.any(Number), clientId: id, erasedAt: h.clock.now(), actor: "cli" }]);
    expect(JSON.stringify(tombstones)).not.toContain(fullClient.alias);
  });

  it("leaves other clients' data alone", () => {
    const h = createHarness();
    const scene = fullClientScene(h);
    const birch = summaryRow(h, "Birch-12 answered 2 of 2", false, "summary:birch");
    const before = snapshot(h.handle);
    erase(h, scene.seeded.clientId);
    const after = snapshot(h.handle);
    const ofOther = (rows: unknown[]) =>
      (rows as Array<{ client_id?: number; id?: number }>).filter((r) => r.client_id === scene.otherClientId);
    for (const table of ["occurrences", "invites", "consents", "identities"]) {
      expect(ofOther(after[table] ?? [])).toEqual(ofOther(before[table] ?? []));
    }
    expect(
      h.handle.db
        .select()
        .from(clients)
        .all()
        .map((c) => c.alias),
    ).toEqual(["Birch-12"]);
    expect(
      h.handle.db
        .select()
        .from(answers)
        .all()
        .some((a) => a.text === "Birch wrote something long enough"),
    ).toBe(true);
    expect(outboxRow(h, birch.id)?.payload).toEqual({ kind: "message", text: "Birch-12 answered 2 of 2" });
  });

  it("blanks clinicians' messages that were sent and withdraws those that were not", () => {
    const h = createHarness();
    const scene = fullClientScene(h);
    const collapsed = fullClient.note.replace(/\s+/g, " ");
    const sent = summaryRow(h, `Willow-93: 4 of 5\n“${collapsed}”`, true, "summary:1");
    const unsent = summaryRow(h, `Willow-93 needs a look`, false, "summary:2");
    // A summary split in the middle of a note: the second part has no alias, only the client's words.
    const continuation = summaryRow(h, `${collapsed.slice(45)}”`, true, "summary:3");
    const lookalike = summaryRow(h, "Willow-931 is someone else", false, "summary:4");
    // A chart names the client only by id, in its file name.
    const chart = h.handle.db
      .update(outbox)
      .set({
        payload: {
          kind: "message",
          text: "Chart",
          image: {
            pngBase64: "iVBORw0KGgo=",
            fileName: `2026-W01-client-${scene.seeded.clientId}.png`,
            altText: "Chart",
          },
        },
      })
      .where(eq(outbox.id, summaryRow(h, "x", true, "summary:5").id))
      .returning()
      .get();
    erase(h, scene.seeded.clientId);
    expect(outboxRow(h, chart.id)?.payload).toEqual(erasedPayload);
    expect(outboxRow(h, sent.id)?.payload).toEqual(erasedPayload);
    expect(outboxRow(h, sent.id)?.status).toBe("sent");
    expect(outboxRow(h, unsent.id)).toBeUndefined();
    expect(outboxRow(h, continuation.id)?.payload).toEqual(erasedPayload);
    expect(outboxRow(h, lookalike.id)?.payload).toEqual({ kind: "message", text: "Willow-931 is someone else" });
    const toClient = h.handle.db.select().from(outbox).where(eq(outbox.chatId, fullClient.chatId)).all();
    expect(toClient).toEqual([]);
  });

  it("is refused while a risk alert is open, changing nothing", () => {
    const h = createHarness();
    const scene = fullClientScene(h, { acknowledge: false });
    const before = snapshot(h.handle);
    expect(erase(h, scene.seeded.clientId)).toEqual({ status: "open_risk_alert", alertIds: [scene.alertId] });
    expect(snapshot(h.handle)).toEqual(before);
    expect(h.handle.db.select().from(alerts).get()?.acknowledgedAt).toBeNull();
  });

  it("treats a later message from the erased account as coming from a stranger", () => {
    const h = createHarness();
    const scene = fullClientScene(h);
    erase(h, scene.seeded.clientId);
    scene.client.read();
    scene.client.text("hello again");
    expect(scene.client.read().map((m) => m.text)).toEqual([en("unlinked.hello")]);
    expect(
      h.handle.db
        .select()
        .from(identities)
        .all()
        .map((i) => i.platformUserId),
    ).toEqual(["therapist-tg-777"]);
  });

  it("says so for an unknown client", () => {
    const h = createHarness();
    expect(erase(h, 99)).toEqual({ status: "unknown_client" });
    expect(h.handle.db.select().from(erasures).all()).toEqual([]);
  });

  it("records the erasure in the audit log without naming the client", () => {
    const h = createHarness();
    const scene = fullClientScene(h);
    const result = erase(h, scene.seeded.clientId);
    const entry = h.handle.db.select().from(auditLog).where(eq(auditLog.action, "client.erased")).get();
    expect(entry).toMatchObject({
      actor: "cli",
      subject: `erasure:${result.status === "erased" ? result.erasureId : 0}`,
      detail: { requestedBy: "cli" },
    });
  });
});
