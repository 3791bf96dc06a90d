/**
 * The export holds everything about the client and matches its published schema: built, written as
 * JSON, parsed back with the schema, and counted against the database section by section.
 */
import { describe, expect, it } from "vitest";
import { setClientLocale } from "../../src/db/repos/people.js";
import { setClientNoteSharing, setClientScoreDetail, setNoteSharing } from "../../src/db/repos/sharing.js";
import { buildClientExport } from "../../src/privacy/export.js";
import { exportCsvFiles } from "../../src/privacy/export-csv.js";
import { clientExportSchema, exportFormat } from "../../src/privacy/export-schema.js";
import { createHarness, type Harness, prompts } from "../helpers/harness.js";
import { fullClient, fullClientScene } from "../helpers/privacy.js";

/** Counts straight from the database, independent of the code under test. */
function databaseCounts(h: Harness, clientId: number) {
  const n = (query: string) => h.handle.sqlite.prepare(query).pluck().get(clientId) as number;
  const subject = `client:${clientId}`;
  return {
    consents: n("select count(*) from consents where client_id = ?"),
    identities: n("select count(*) from identities where client_id = ?"),
    occurrences: n("select count(*) from occurrences where client_id = ?"),
    answers: n("select count(*) from answers where occurrence_id in (select id from occurrences where client_id = ?)"),
    alerts: n("select count(*) from alerts where client_id = ?"),
    triggers: n("select count(*) from alert_triggers where alert_id in (select id from alerts where client_id = ?)"),
    audit: h.handle.sqlite
      .prepare("select count(*) from audit_log where subject = ? or actor = ?")
      .pluck()
      .get(subject, subject) as number,
  };
}

function exported(h: Harness, clientId: number) {
  const doc = buildClientExport(h.handle.db, prompts().checkins, clientId, h.clock.now());
  if (!doc) throw new Error("no export");
  // The round trip a recipient makes: the file's text, parsed with the published schema.
  return clientExportSchema.parse(JSON.parse(JSON.stringify(doc)));
}

describe("client export", () => {
  it("round-trips through the schema with every row the database holds about the client", () => {
    const h = createHarness();
    const { seeded } = fullClientScene(h);
    const doc = exported(h, seeded.clientId);
    const counts = databaseCounts(h, seeded.clientId);
    expect(counts.answers).toBeGreaterThan(5);
    expect(counts.audit).toBeGreaterThan(5);
    expect({
      consents: doc.consents.length,
      identities: doc.identities.length,
      occurrences: doc.occurrences.length,
      answers: doc.answers.length + doc.notes.length,
      alerts: doc.alerts.length,
      triggers: doc.alerts.flatMap((a) => a.triggers).length,
      audit: doc.audit.length,
    }).toEqual(counts);
    expect(doc.format).toBe(exportFormat);
  });

  it("holds the client's own words, ids and timeline", () => {
    const h = createHarness();
    const { seeded, alertId } = fullClientScene(h);
    const doc = exported(h, seeded.clientId);
    expect(doc.client).toMatchObject({ id: seeded.clientId, alias: fullClient.alias, status: "active" });
    expect(doc.identities).toMatchObject([{ platform: "telegram", platformUserId: fullClient.platformUserId }]);
    expect(doc.notes.map((n) => n.text)).toEqual([fullClient.note]);
    const alert = doc.alerts.find((a) => a.id === alertId);
    expect(alert?.followUpNote).toBe(fullClient.followUpNote);
    expect(alert?.followUpAnswer).toBe("reached");
    expect(alert?.triggers.map((t) => t.text)).toContain(fullClient.riskWords);
    const [first] = doc.occurrences;
    expect(first?.sentAt).not.toBeNull();
    expect(first?.firstAnswerAt).not.toBeNull();
    expect(first?.status).toBe("completed");
    expect(
      doc.audit.every((e) => e.subject === `client:${seeded.clientId}` || e.actor === `client:${seeded.clientId}`),
    ).toBe(true);
  });

  it("gives each answer the item's wording in the client's language and in English, with its version", () => {
    const h = createHarness();
    const { seeded } = fullClientScene(h);
    setClientLocale(h.handle.db, seeded.clientId, "sv");
    const doc = exported(h, seeded.clientId);
    const understood = doc.answers.find((a) => a.itemId === "understood");
    expect(understood).toMatchObject({
      itemVersion: 2,
      wordingVersion: 2,
      itemText: "Under vår senaste session kände jag att jag kunde lita på min terapeut.",
      itemTextEn: "In our last session, I felt I could trust my therapist.",
      value: 4,
      optionLabel: "till stor del",
    });
    expect(doc.notes[0]?.itemTextEn).toContain("anything you'd like your therapist to know");
  });

  it("marks wording it no longer has instead of guessing", () => {
    const h = createHarness();
    const { seeded } = fullClientScene(h);
    h.handle.sqlite.prepare("update answers set item_id = 'retired_item' where item_id = 'understood'").run();
    const retired = exported(h, seeded.clientId).answers.find((a) => a.itemId === "retired_item");
    expect(retired).toMatchObject({ itemText: null, itemTextEn: null, wordingVersion: null, value: 4 });
  });

  it("is nothing for an unknown client", () => {
    const h = createHarness();
    expect(buildClientExport(h.handle.db, prompts().checkins, 42, h.clock.now())).toBeUndefined();
  });

  it("reports progress up to the total", () => {
    const h = createHarness();
    const { seeded } = fullClientScene(h);
    const seen: Array<[number, number]> = [];
    buildClientExport(h.handle.db, prompts().checkins, seeded.clientId, h.clock.now(), (done, total) =>
      seen.push([done, total]),
    );
    const total = seen[0]?.[1] as number;
    expect(seen.at(-1)).toEqual([total, total]);
    expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((a, b) => a - b));
  });

  it("as CSV: one file per section, one record per row, the note quoted", () => {
    const h = createHarness();
    const { seeded } = fullClientScene(h);
    const doc = exported(h, seeded.clientId);
    const files = exportCsvFiles(doc);
    expect(files.map((f) => f.name)).toEqual([
      "client.csv",
      "consents.csv",
      "identities.csv",
      "occurrences.csv",
      "sessions.csv",
      "answers.csv",
      "notes.csv",
      "alerts.csv",
      "alert_triggers.csv",
      "topics.csv",
      "audit.csv",
    ]);
    const notes = files.find((f) => f.name === "notes.csv");
    expect(notes?.rows).toBe(1);
    expect(notes?.content).toContain(`"${fullClient.note}"`);
    const answers = files.find((f) => f.name === "answers.csv");
    expect(answers?.content.split("\r\n")[0]).toBe(
      "id,occurrenceId,itemId,itemVersion,itemText,itemTextEn,wordingVersion,value,optionLabel,skipped,answeredAt",
    );
    expect(answers?.rows).toBe(doc.answers.length);
  });
});

describe("client export: the sharing the client chose", () => {
  it("carries the client's choices and each note's own sharing, in JSON and CSV, and older files still parse", () => {
    const h = createHarness();
    const { seeded } = fullClientScene(h);
    const before = exported(h, seeded.clientId);
    expect(before.client).toMatchObject({ noteSharing: null, scoreDetail: "detailed" });
    expect(before.notes.map((n) => n.sharing)).toEqual([null]);
    setClientNoteSharing(h.handle.db, seeded.clientId, "next_session");
    setClientScoreDetail(h.handle.db, seeded.clientId, "overall");
    const [note] = before.notes;
    setNoteSharing(
      h.handle.db,
      { clientId: seeded.clientId, occurrenceId: note?.occurrenceId as number, itemId: note?.itemId as string },
      "private",
    );
    const doc = exported(h, seeded.clientId);
    expect(doc.client).toMatchObject({ noteSharing: "next_session", scoreDetail: "overall" });
    expect(doc.notes.map((n) => [n.text, n.sharing])).toEqual([[fullClient.note, "private"]]);
    const files = exportCsvFiles(doc);
    const client = files.find((f) => f.name === "client.csv")?.content.split("\r\n") ?? [];
    expect(client[0]).toMatch(/,noteSharing,scoreDetail$/);
    expect(client[1]).toMatch(/,next_session,overall$/);
    expect(files.find((f) => f.name === "notes.csv")?.content.split("\r\n")[1]).toMatch(/,private$/);
    // A file written before step 12 has none of these fields.
    const older = JSON.parse(JSON.stringify(doc));
    delete older.client.noteSharing;
    delete older.client.scoreDetail;
    for (const n of older.notes) delete n.sharing;
    expect(clientExportSchema.safeParse(older).success).toBe(true);
  });
});
