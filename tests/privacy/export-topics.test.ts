/**
 * The export (format 3) holds every topic the client kept for a session, whatever its release, the
 * "just for me" ones included, as JSON and as CSV; the schema still reads format-2 files.
 */
import { describe, expect, it } from "vitest";
import { buildClientExport } from "../../src/privacy/export.js";
import { exportCsvFiles } from "../../src/privacy/export-csv.js";
import { clientExportSchema, exportFormat } from "../../src/privacy/export-schema.js";
import { createHarness, prompts } from "../helpers/harness.js";
import { fullClient, fullClientScene } from "../helpers/privacy.js";

function exportOf() {
  const h = createHarness();
  const { seeded } = fullClientScene(h);
  const doc = buildClientExport(h.handle.db, prompts().checkins, seeded.clientId, h.clock.now());
  if (!doc) throw new Error("no export");
  return clientExportSchema.parse(JSON.parse(JSON.stringify(doc)));
}

describe("export of topics", () => {
  it("holds everything the client kept, released or just for them", () => {
    const doc = exportOf();
    expect(doc.format).toBe(3);
    expect(exportFormat).toBe(3);
    expect(doc.topics?.map(({ text, release }) => ({ text, release }))).toEqual([
      { text: fullClient.topic, release: "before_session" },
      { text: fullClient.privateTopic, release: "just_for_me" },
    ]);
    expect(doc.topics?.[0]?.releasedAt).not.toBeNull();
    expect(doc.topics?.[1]?.releasedAt).toBeNull();
    const csv = exportCsvFiles(doc).find((f) => f.name === "topics.csv");
    expect(csv?.rows).toBe(2);
    expect(csv?.content).toContain(fullClient.privateTopic);
  });

  it("still reads a format-2 file, which has no topics", () => {
    const { topics: _topics, ...rest } = exportOf();
    const old = clientExportSchema.parse({ ...rest, format: 2 });
    expect(old.format).toBe(2);
    expect(old.topics).toBeUndefined();
    expect(clientExportSchema.safeParse({ ...rest, format: 4 }).success).toBe(false);
  });
});
