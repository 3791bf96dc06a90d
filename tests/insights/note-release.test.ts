/**
 * Notes reach the therapist only as the client shares them: "now" at once, "next session" once the
 * client's next session (not a cancelled one, not a no-show) has started, "private" never. The summary
 * says that something is held back, in every format, and never what.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DbOrTx } from "../../src/db/connection.js";
import { insertSession } from "../../src/db/repos/sessions.js";
import { setClientNoteSharing } from "../../src/db/repos/sharing.js";
import { answers, type NoteSharing, type SessionStatus } from "../../src/db/schema.js";
import { summaryBlocks } from "../../src/insights/render/blocks.js";
import { renderChatParts } from "../../src/insights/render/chat.js";
import { renderHtml } from "../../src/insights/render/html.js";
import { summaryJson } from "../../src/insights/render/json.js";
import { renderMarkdown } from "../../src/insights/render/markdown.js";
import { summaryWords } from "../../src/insights/render/summary-text.js";
import { summariseWeek } from "../../src/insights/summarise.js";
import { weekNamed } from "../../src/insights/weeks.js";
import { caseload } from "../helpers/caseload.js";
import { prompts } from "../helpers/harness.js";
import { day, recordCheckin } from "../helpers/history.js";

function note(db: DbOrTx, clientId: number, at: Date, text: string, sharing?: NoteSharing): void {
  const occurrence = recordCheckin(db, clientId, at, [4, 4, 4, 4], { note: text });
  if (sharing) {
    db.update(answers)
      .set({ sharing })
      .where(and(eq(answers.occurrenceId, occurrence), eq(answers.itemId, "note")))
      .run();
  }
}

function session(db: DbOrTx, clientId: number, startsAt: Date, status: SessionStatus = "planned"): void {
  insertSession(
    db,
    {
      clientId,
      startsAt,
      durationMinutes: 50,
      localDate: "2026-11-20",
      localTime: "14:00",
      timezone: "Europe/Stockholm",
      source: "cli",
      status,
    },
    startsAt,
  );
}

function summaryOf(c: ReturnType<typeof caseload>, weekId: string) {
  const week = weekNamed(weekId, "Europe/Stockholm");
  if (!week) throw new Error("no week");
  const summary = summariseWeek(c.handle.db, prompts(), c.therapistId, week, c.clock.now());
  if (!summary) throw new Error("no summary");
  return summary;
}

/** Every format of one summary, as one string. */
function everyFormat(summary: ReturnType<typeof summaryOf>): string {
  const words = summaryWords(prompts(), "en", "Europe/Stockholm");
  const blocks = summaryBlocks(summary, words);
  return [
    renderChatParts(blocks, 4000).join("\n"),
    renderMarkdown(blocks),
    renderHtml(blocks, [], "en"),
    JSON.stringify(summaryJson(summary, words)),
  ].join("\n");
}

describe("notes as the client shares them", () => {
  it("shows a note shared now, keeps a private one out, and says that something is kept private", () => {
    const c = caseload();
    const oak = c.addClient("Oak-7");
    note(c.handle.db, oak, day("2026-11-17", 0), "Shared straight away");
    note(c.handle.db, oak, day("2026-11-18", 0), "Only for my eyes", "private");
    const summary = summaryOf(c, "2026-W47");
    const client = summary.clients[0];
    expect(client?.notes.map((n) => n.text)).toEqual(["Shared straight away"]);
    expect(client?.heldBack).toEqual({ private: true, nextSession: false });
    const all = everyFormat(summary);
    expect(all).toContain("Shared straight away");
    expect(all).not.toContain("Only for my eyes");
    // Chat, Markdown and HTML each carry the line once; JSON carries the flag.
    expect(all.split("Oak-7 keeps some notes private").length - 1).toBe(3);
    expect(all).toContain('"heldBack":{"private":true,"nextSession":false}');
  });

  it("follows the client's default, then the practice's, unless the note chose for itself", () => {
    const c = caseload({ settings: { noteSharing: "private" } });
    const pine = c.addClient("Pine-8");
    const fir = c.addClient("Fir-9");
    setClientNoteSharing(c.handle.db, fir, "now");
    note(c.handle.db, pine, day("2026-11-17", 0), "Practice default keeps this");
    note(c.handle.db, pine, day("2026-11-18", 0), "This one I share", "now");
    note(c.handle.db, fir, day("2026-11-17", 0), "Client default shares this");
    const summary = summaryOf(c, "2026-W47");
    const byAlias = new Map(summary.clients.map((cw) => [cw.alias, cw]));
    expect(byAlias.get("Pine-8")?.notes.map((n) => n.text)).toEqual(["This one I share"]);
    expect(byAlias.get("Pine-8")?.heldBack.private).toBe(true);
    expect(byAlias.get("Fir-9")?.notes.map((n) => n.text)).toEqual(["Client default shares this"]);
    expect(byAlias.get("Fir-9")?.heldBack.private).toBe(false);
    expect(everyFormat(summary)).not.toContain("Practice default keeps this");
  });

  it("holds a note for the next session until a session that happens has started, skipping a cancelled one", () => {
    const c = caseload({ now: new Date("2026-12-01T07:00:00Z") });
    const elm = c.addClient("Elm-5");
    note(c.handle.db, elm, day("2026-11-11", 0), "Raise this with me", "next_session");
    session(c.handle.db, elm, new Date("2026-11-13T13:00:00Z"), "cancelled");
    session(c.handle.db, elm, new Date("2026-11-14T13:00:00Z"), "no_show");
    session(c.handle.db, elm, new Date("2026-11-26T13:00:00Z"));
    // W46 (written) and W47: waiting, and the summary says so without the words.
    for (const weekId of ["2026-W46", "2026-W47"]) {
      const summary = summaryOf(c, weekId);
      expect(summary.clients[0]?.notes).toEqual([]);
      expect(summary.clients[0]?.heldBack).toEqual({ private: false, nextSession: true });
      const all = everyFormat(summary);
      expect(all).not.toContain("Raise this with me");
      expect(all).toContain("Elm-5 has notes for the next session");
    }
    // W48: the session of the 26th started, so the note appears, dated when it was written.
    const released = summaryOf(c, "2026-W48").clients[0];
    expect(released?.notes).toEqual([
      { at: new Date(day("2026-11-11", 0).getTime() + 10_000), text: "Raise this with me" },
    ]);
    expect(released?.heldBack).toEqual({ private: false, nextSession: false });
  });

  it("keeps a note for the next session out of an on-demand summary until the session has started", () => {
    const c = caseload({ now: new Date("2026-11-26T12:00:00Z") });
    const ash = c.addClient("Ash-1");
    note(c.handle.db, ash, day("2026-11-24", 0), "Before Thursday", "next_session");
    session(c.handle.db, ash, new Date("2026-11-26T13:00:00Z"));
    expect(summaryOf(c, "2026-W48").clients[0]?.notes).toEqual([]);
    c.clock.set(new Date("2026-11-26T13:00:00Z"));
    expect(summaryOf(c, "2026-W48").clients[0]?.notes.map((n) => n.text)).toEqual(["Before Thursday"]);
  });

  it("speaks the therapist's language about what is held back", () => {
    const c = caseload();
    const oak = c.addClient("Oak-7");
    note(c.handle.db, oak, day("2026-11-18", 0), "hidden", "private");
    const summary = summaryOf(c, "2026-W47");
    for (const locale of ["sv", "zh"] as const) {
      const words = summaryWords(prompts(), locale, "Europe/Stockholm");
      const chat = renderChatParts(summaryBlocks(summary, words), 4000).join("\n");
      expect(chat).toContain(prompts().messages.t(locale, "sharing.summary_private", { alias: "Oak-7" }));
      expect(chat).not.toContain("hidden");
    }
  });
});
