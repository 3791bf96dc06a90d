/**
 * `/clients` in a clinician's chat: one line a client of their own (status, last answer, next session,
 * the week's flags, open alerts), nobody else's, within the platform's limits (a few messages, then
 * "…and N more"), each client shown audited under the clinician.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createClient } from "../../src/db/repos/people.js";
import { therapists } from "../../src/db/schema.js";
import { maxClientParts, packClientLines } from "../../src/engine/clients-command.js";
import { chatLimits } from "../../src/insights/render/chat.js";
import { ChatUser, prompts } from "../helpers/harness.js";
import { recordCheckin } from "../helpers/history.js";
import { t, workspaceScene } from "../helpers/workspace.js";

describe("/clients", () => {
  it("lists the clinician's own clients with status, last answer, next session, flags and open alerts", () => {
    const { h, db, seeded, say, backup, audits, alert } = workspaceScene();
    const client = new ChatUser(h, "1001", "1001", "telegram");
    client.command("start", seeded.code);
    client.pressLabel(prompts().messages.t("en", "consent.accept"));
    // A low check-in this morning (Monday 7 December), and a session on Thursday.
    recordCheckin(db, seeded.clientId, new Date("2026-12-07T08:00:00Z"), [1, 1, 1, 1]);
    say("session", "Oak-7 thu 14:00");
    say("invite", "Birch-2 zh");
    expect(say("clients")).toBe(
      [
        t("workspace.clients_header", { count: 2 }),
        `Oak-7 · active · last answer 7 Dec 2026 · next session Thu 10 Dec, 14:00 · flags: low score · open alerts: #${alert.id} risk`,
        "Birch-2 · invited, not joined yet · no answers yet",
      ].join("\n"),
    );
    const listed = audits("clients.listed");
    expect(listed).toEqual([
      ["therapist:1", "clients.listed", `client:${seeded.clientId}`],
      ["therapist:1", "clients.listed", expect.stringMatching(/^client:\d+$/)],
    ]);
    // Elm-3 is T2's, and the backup contact has no clients of their own (an escalated alert is no caseload).
    expect(say("clients", "", backup)).toBe(t("workspace.clients_none"));
    expect(say("clients", "everyone")).toBe(t("workspace.clients_usage"));
  });

  it("says who has joined but not yet consented, in the clinician's language", () => {
    const { h, db, seeded, say, alert } = workspaceScene();
    db.update(therapists).set({ locale: "sv" }).where(eq(therapists.id, seeded.therapistId)).run();
    new ChatUser(h, "1001", "1001", "telegram").command("start", seeded.code);
    expect(say("clients").split("\n")).toEqual([
      t("workspace.clients_header", { count: 1 }, "sv"),
      `Oak-7 · ansluten, samtycke saknas än · inga svar ännu · öppna varningar: #${alert.id} risk`,
    ]);
  });

  it("stays within Discord's limit over a few messages, then counts the rest", () => {
    const { db, seeded, therapist, audits } = workspaceScene("discord");
    for (let i = 1; i <= 200; i++) {
      createClient(
        db,
        {
          practiceId: seeded.practiceId,
          therapistId: seeded.therapistId,
          alias: `Client-${String(i).padStart(3, "0")}`,
          locale: "en",
          checkinId: "alliance-safety",
        },
        new Date(),
      );
    }
    therapist.command("clients");
    const messages = therapist.read().map((m) => m.text);
    expect(messages).toHaveLength(maxClientParts);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(chatLimits.discord);
    const shown = messages
      .join("\n")
      .split("\n")
      .filter((line) => /^(Oak-7|Client-\d+) · /.test(line)).length;
    expect(shown).toBeLessThan(201);
    expect(messages.at(-1)?.endsWith(t("workspace.clients_more", { count: 201 - shown }))).toBe(true);
    // Only the clients shown were read.
    expect(audits("clients.listed")).toHaveLength(shown);
  });
});

describe("packClientLines", () => {
  const more = (n: number) => `…and ${n} more.`;

  it("keeps everything in one part when it fits", () => {
    expect(packClientLines("H", ["a", "b"], 100, more)).toEqual({ parts: ["H\na\nb"], shown: 2 });
  });

  it("splits at the limit and ends with the count of what did not fit", () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${String(i).padStart(2, "0")}`);
    const { parts, shown } = packClientLines("Header", lines, 40, more, 3);
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(40);
    expect(parts[0]?.startsWith("Header\nline 00")).toBe(true);
    expect(parts.at(-1)?.endsWith(more(20 - shown))).toBe(true);
    expect(shown).toBeLessThan(20);
    expect(
      parts
        .join("\n")
        .split("\n")
        .filter((l) => l.startsWith("line ")),
    ).toEqual(lines.slice(0, shown));
  });

  it("fits every platform's limit with the real maximum of parts", () => {
    const lines = Array.from({ length: 500 }, (_, i) => `Client-${i} · active · last answer 7 Dec 2026`);
    for (const limit of Object.values(chatLimits)) {
      const { parts } = packClientLines("Your clients (500):", lines, limit, more);
      expect(parts.length).toBe(maxClientParts);
      for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
    }
  });
});
