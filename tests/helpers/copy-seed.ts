/**
 * A SQLite practice with rows in every table, for `db copy`: the demo practice with its synthetic
 * history, a client enrolled through the engine (identities, buttons, outbox), and one row by hand in
 * each table neither fills. Some values are chosen to catch a lossy copy: text with quotes, newlines,
 * non-Latin letters and an emoji, a millisecond timestamp, a JSON column left null.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import {
  auditLog,
  clients,
  clinicianMenus,
  enrolmentAttempts,
  erasures,
  schedules,
  sessionSeries,
  summaries,
  telegramInbox,
  therapists,
  topics,
  webLoginLinks,
  webSessions,
} from "../../src/db/schema.js";
import { ensureDemo } from "../../src/demo/demo-practice.js";
import { enrolledClient } from "./enrolled.js";
import { createHarness } from "./harness.js";

export const awkwardText = `Säga "nej" till 'mamma';\n两行 — 🌧️ \\ end`;

/** Writes the practice to a new SQLite file at `path` and closes it. */
export function seedPracticeFile(path: string): void {
  const handle = openDatabase(path);
  try {
    const h = createHarness(handle);
    const now = h.clock.now();
    const at = new Date(now.getTime() + 123);
    ensureDemo(handle.db, now, { platformUserId: "demo-t", chatId: "demo-t" }, { history: true });
    enrolledClient(h);
    const db = handle.db;
    const therapist = db.select().from(therapists).get();
    const client = db.select().from(clients).get();
    if (!therapist || !client) throw new Error("the demo made no therapist or client");
    db.insert(schedules)
      .values({
        practiceId: therapist.practiceId,
        spec: "daily at 18:00",
        cron: "0 18 * * *",
        createdAt: at,
        updatedAt: at,
      })
      .run();
    db.insert(sessionSeries)
      .values({
        clientId: client.id,
        weekday: 4,
        localTime: "14:00",
        durationMinutes: 50,
        startsOn: "2026-01-08",
        source: "cli",
        createdAt: at,
        updatedAt: at,
      })
      .run();
    db.insert(summaries)
      .values({ therapistId: therapist.id, week: "2026-W02", status: "no_chat", parts: 0, createdAt: at })
      .run();
    db.insert(erasures).values({ clientId: 9999, erasedAt: at, actor: "cli" }).run();
    db.insert(clinicianMenus).values({ platform: "telegram", chatId: "-100200", locale: null, updatedAt: at }).run();
    db.insert(enrolmentAttempts)
      .values({ platform: "discord", platformUserId: "u-Zz", failures: 2, windowStartedAt: at })
      .run();
    db.insert(webLoginLinks)
      .values({ tokenHash: "a".repeat(64), therapistId: therapist.id, expiresAt: at, createdAt: at })
      .run();
    // Text keys that sort differently by byte and by a language's collation (upper case, accents).
    for (const idHash of ["b-session", "B-session", "é-session"]) {
      db.insert(webSessions).values({ idHash, therapistId: null, data: "{}", expiresAt: at, createdAt: at }).run();
    }
    db.insert(topics)
      .values({ clientId: client.id, text: awkwardText, release: "at_session", createdAt: at, updatedAt: at })
      .run();
    db.insert(auditLog).values({ at, actor: "cli", action: "seed", subject: "database", detail: null }).run();
    // A webhook update still waiting, so its words are at rest; an id past 2^31, as long-lived bots have.
    db.insert(telegramInbox)
      .values({
        updateId: 3_000_000_001,
        chatId: "-100200",
        payload: JSON.stringify({ update_id: 3_000_000_001, message: { text: awkwardText } }),
        receivedAt: at,
        nextAttemptAt: at,
      })
      .run();
  } finally {
    handle.close();
  }
}

/**
 * For a test file: a temporary folder holding a seeded practice (`seeded`), made once before its tests
 * (seeding the demo history takes seconds) and deleted after them.
 */
export function seededPracticeFolder(prefix: string): { folder: string; seeded: string } {
  const paths = { folder: "", seeded: "" };
  beforeAll(() => {
    paths.folder = mkdtempSync(join(tmpdir(), prefix));
    paths.seeded = join(paths.folder, "practice.db");
    seedPracticeFile(paths.seeded);
  }, 120_000);
  afterAll(() => rmSync(paths.folder, { recursive: true, force: true }));
  return paths;
}
