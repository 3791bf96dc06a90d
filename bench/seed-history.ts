/**
 * B3's data set: one practice in Europe/Stockholm, 100 therapists × 50 clients, and a year of
 * twice-weekly alliance check-ins (four items, the risk question and a note) ending Sunday 2026-11-22 (so 2026-W47 is the last full week).
 * Written with raw prepared statements in one transaction per week: going through the app's own write
 * path would take many minutes, and seeding is not what B3 measures.
 *
 * The data is shaped like a real caseload so the summary does real work: most scores 3–5, short
 * ruptures (dips of one to three check-ins), a few clients stuck at the ceiling, ~10% of check-ins
 * expired unanswered (some in runs, which raise "quiet"), ~30% with a note. A seeded PRNG makes every
 * run the same data set.
 */
import { DateTime } from "luxon";
import { openDatabase } from "../src/db/connection.js";
import { between, noise, seededRandom } from "./random.js";

export const historyZone = "Europe/Stockholm";
/** The Monday of the last seeded week (2026-W47); the year runs back 52 weeks from here. */
const lastMonday = "2026-11-16";
const weeks = 52;
export const therapistCount = 100;
export const clientsPerTherapist = 50;

const alliance = ["safe_to_say", "understood", "worked_on_what_matters", "way_of_working"] as const;
/** The practice asks the risk question (always answered "no" here: alerts are not what B3 measures). */
const itemIds = JSON.stringify([...alliance, "risk", "note"]);
const minute = 60_000;
const hour = 60 * minute;
/** The practice defaults: an unanswered check-in expires after a day, a reminder goes after four hours. */
const expireAfter = 24 * hour;
const remindAfter = 4 * hour;

const notes = [
  "Felt rushed at the end.",
  "Good session, thank you.",
  "Hard week at work.",
  "I wasn't sure what we were aiming for.",
  "Talking about my mother was difficult.",
  "I'd like more time on the exercises.",
  "Slept badly again.",
  "It helped to write things down.",
  "Not sure the homework fits me.",
  "I felt heard today.",
  "Can we start earlier next time?",
  "Better than last week.",
];

export interface SeededHistory {
  therapists: number;
  clients: number;
  occurrences: number;
  /** Occurrences nobody answered (status expired, no answers). */
  unanswered: number;
  answers: number;
  /** Answers with note text (the rest of the note rows are skips). */
  notes: number;
}

/** Per client, what shapes their scores; kept across the whole year so ruptures and quiet runs span check-ins. */
interface ClientModel {
  id: number;
  base: number;
  itemBias: number[];
  atCeiling: boolean;
  missRate: number;
  /** Local hour of their check-in slot. */
  hour: number;
  dipLeft: number;
  dipDepth: number;
  quietLeft: number;
}

/** Local midnights of every Tuesday and Friday of the seeded year, oldest first (the two check-in days). */
function checkinDays(): number[] {
  const last = DateTime.fromISO(lastMonday, { zone: historyZone });
  const days: number[] = [];
  for (let w = weeks - 1; w >= 0; w--) {
    const monday = last.minus({ weeks: w });
    days.push(monday.plus({ days: 1 }).toMillis(), monday.plus({ days: 4 }).toMillis());
  }
  return days;
}

const clamp = (value: number) => Math.min(5, Math.max(1, Math.round(value)));

/** How many therapists and clients: B3's practice by default; the web benchmark seeds one therapist of 200. */
export interface HistoryShape {
  therapists: number;
  clientsPerTherapist: number;
}

/** Seeds the history into a fresh database file at `path` and closes it. */
export function seedHistory(
  path: string,
  seed = 47,
  shape: HistoryShape = { therapists: therapistCount, clientsPerTherapist },
): SeededHistory {
  const handle = openDatabase(path);
  const { sqlite } = handle;
  // Seeding only: nothing here must survive a power cut, and the measured part reopens the file with
  // the app's own pragmas.
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -65536");
  const random = seededRandom(seed);
  const days = checkinDays();
  const createdAt = (days[0] as number) - 30 * 24 * hour;

  sqlite
    .prepare(
      `INSERT INTO practices (name, timezone, locale, settings, is_demo, created_at) VALUES ('Bench', ?, 'sv', '{"riskItem":true}', 0, ?)`,
    )
    .run(historyZone, createdAt);
  const therapist = sqlite.prepare(
    "INSERT INTO therapists (practice_id, alias, active, created_at) VALUES (1, ?, 1, ?)",
  );
  const client = sqlite.prepare(
    `INSERT INTO clients (practice_id, therapist_id, alias, locale, checkin_id, status, created_at)
     VALUES (1, ?, ?, 'sv', 'alliance-safety', 'active', ?)`,
  );
  const identity = sqlite.prepare(
    `INSERT INTO identities (platform, platform_user_id, chat_id, client_id, undeliverable, created_at)
     VALUES ('console', ?, ?, ?, ?, ?)`,
  );
  const occurrence = sqlite.prepare(
    `INSERT INTO occurrences (client_id, idempotency_key, checkin_id, checkin_version, item_ids, position, status,
       scheduled_for, created_at, reminded_at, first_answer_at, closed_at)
     VALUES (?, ?, 'alliance-safety', 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const answer = sqlite.prepare(
    `INSERT INTO answers (occurrence_id, item_id, item_version, value, text, skipped, answered_at)
     VALUES (?, ?, 1, ?, ?, ?, ?)`,
  );

  const models: ClientModel[] = [];
  sqlite.transaction(() => {
    for (let t = 0; t < shape.therapists; t++) {
      const therapistId = Number(therapist.run(`T${t + 1}`, createdAt).lastInsertRowid);
      for (let c = 0; c < shape.clientsPerTherapist; c++) {
        const alias = `t${t + 1}-c${c + 1}`;
        const id = Number(client.run(therapistId, alias, createdAt).lastInsertRowid);
        // About 1% of clients have blocked the bot (the "undeliverable" flag).
        identity.run(`u${id}`, `chat${id}`, id, random() < 0.01 ? 1 : 0, createdAt);
        const atCeiling = random() < 0.08;
        models.push({
          id,
          base: atCeiling ? 5 : 3.4 + random() * 1.3,
          itemBias: alliance.map(() => (atCeiling ? 0 : (random() - 0.5) * 0.6)),
          atCeiling,
          missRate: random() * 0.14,
          hour: between(random, 8, 19),
          dipLeft: 0,
          dipDepth: 0,
          quietLeft: 0,
        });
      }
    }
  })();

  const counts: SeededHistory = {
    therapists: shape.therapists,
    clients: models.length,
    occurrences: 0,
    unanswered: 0,
    answers: 0,
    notes: 0,
  };
  // Slot by slot across all clients, as the scheduler creates them: a client's rows are spread over
  // the file the way they are in production, not packed together.
  const checkinsPerWeek = 2;
  for (let w = 0; w < weeks; w++) {
    sqlite.transaction(() => {
      for (let d = w * checkinsPerWeek; d < (w + 1) * checkinsPerWeek; d++) {
        const day = days[d] as number;
        for (const m of models) {
          const scheduled = day + m.hour * hour;
          const created = scheduled + between(random, 0, 10) * minute;
          counts.occurrences += 1;
          if (m.quietLeft === 0 && random() < 0.01) m.quietLeft = between(random, 2, 4);
          if (m.quietLeft > 0 || random() < m.missRate) {
            if (m.quietLeft > 0) m.quietLeft -= 1;
            occurrence.run(
              m.id,
              `b3:${m.id}:${d}`,
              itemIds,
              0,
              "expired",
              scheduled,
              created,
              created + remindAfter,
              null,
              created + expireAfter,
            );
            counts.unanswered += 1;
            continue;
          }
          if (m.dipLeft === 0 && random() < 0.04) {
            m.dipLeft = between(random, 1, 3);
            m.dipDepth = 1 + random() * 1.5;
          }
          const dip = m.dipLeft > 0 ? m.dipDepth : 0;
          if (m.dipLeft > 0) m.dipLeft -= 1;
          const values = m.itemBias.map((bias) =>
            m.atCeiling && dip === 0 ? (random() < 0.9 ? 5 : 4) : clamp(m.base + bias + noise(random) * 0.45 - dip),
          );
          const firstAnswer = created + between(random, 2, 8 * 60) * minute;
          const times = [firstAnswer];
          for (let i = 1; i <= alliance.length + 1; i++)
            times.push((times[i - 1] as number) + between(random, 15, 90) * 1_000);
          const roll = random();
          // 30% write a note, 65% skip it, 5% stop before it (the check-in then expires with partial answers).
          const noteText = roll < 0.3 ? (notes[between(random, 0, notes.length - 1)] as string) : null;
          const abandoned = roll >= 0.95;
          const answered = abandoned ? alliance.length : alliance.length + 2;
          const occurrenceId = Number(
            occurrence.run(
              m.id,
              `b3:${m.id}:${d}`,
              itemIds,
              answered,
              abandoned ? "expired" : "completed",
              scheduled,
              created,
              firstAnswer - created > remindAfter ? created + remindAfter : null,
              firstAnswer,
              abandoned ? created + expireAfter : times[answered - 1],
            ).lastInsertRowid,
          );
          alliance.forEach((item, i) => {
            answer.run(occurrenceId, item, values[i], null, 0, times[i]);
          });
          counts.answers += answered;
          if (abandoned) continue;
          answer.run(occurrenceId, "risk", 0, null, 0, times[alliance.length]);
          answer.run(occurrenceId, "note", null, noteText, noteText === null ? 1 : 0, times[alliance.length + 1]);
          if (noteText !== null) counts.notes += 1;
        }
      }
    })();
  }
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  handle.close();
  return counts;
}
