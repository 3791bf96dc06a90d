/**
 * B1's reference: the rows one button-press answer reads and writes, as plain prepared better-sqlite3
 * statements in one transaction per answer, with no validation, prompts or drizzle. The list mirrors
 * what `engine.handle` was seen to do per answer (diffing table row counts around one call): dedupe
 * row; identity, client, practice, choice set, open occurrence and the answered message read; answer,
 * audit row, occurrence update, an edit of the answered message into the outbox; then either the next
 * question (choice set, outbox row, set → row link) or, after the last item, close and thanks.
 */

import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { Press } from "./open-checkins.js";

interface Occurrence {
  id: number;
  item_ids: string;
  position: number;
  first_answer_at: number | null;
}

export class RawAnswerer {
  private readonly statements;
  readonly answer: (press: Press, updateId: string, at: number) => void;

  constructor(sqlite: Database.Database) {
    const s = (sql: string) => sqlite.prepare(sql);
    this.statements = {
      dedupe: s(
        "INSERT INTO processed_updates (platform, update_id, processed_at) VALUES ('console', ?, ?) ON CONFLICT DO NOTHING",
      ),
      identity: s("SELECT * FROM identities WHERE platform = 'console' AND platform_user_id = ?"),
      client: s("SELECT * FROM clients WHERE id = ?"),
      practice: s("SELECT * FROM practices WHERE id = ?"),
      set: s("SELECT * FROM choice_sets WHERE id = ?"),
      open: s("SELECT * FROM occurrences WHERE client_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1"),
      shown: s("SELECT * FROM outbox WHERE id = ?"),
      insertAnswer: s(
        `INSERT INTO answers (occurrence_id, item_id, item_version, value, text, skipped, answered_at)
         VALUES (?, ?, 1, ?, NULL, ?, ?)`,
      ),
      audit: s("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)"),
      advance: s("UPDATE occurrences SET position = ?, reasked = 0, first_answer_at = ? WHERE id = ?"),
      close: s("UPDATE occurrences SET status = 'completed', closed_at = ? WHERE id = ?"),
      enqueue: s(
        `INSERT INTO outbox (platform, chat_id, identity_id, payload, priority, status, attempts, next_attempt_at,
           dedupe_key, created_at) VALUES ('console', ?, ?, ?, 0, 'pending', 0, ?, ?, ?)`,
      ),
      newSet: s(
        `INSERT INTO choice_sets (id, identity_id, purpose, occurrence_id, item_id, created_at)
         VALUES (?, ?, 'item', ?, ?, ?)`,
      ),
      attach: s("UPDATE choice_sets SET outbox_id = ? WHERE id = ?"),
    };
    this.answer = sqlite.transaction((press: Press, updateId: string, at: number) => this.once(press, updateId, at));
  }

  private once(press: Press, updateId: string, at: number): void {
    const st = this.statements;
    if (st.dedupe.run(updateId, at).changes !== 1) return;
    const identity = st.identity.get(press.user) as { id: number; client_id: number };
    const client = st.client.get(identity.client_id) as { id: number; practice_id: number };
    st.practice.get(client.practice_id);
    const [setId = "", key = ""] = press.data.split(".");
    const set = st.set.get(setId) as { outbox_id: number; item_id: string };
    const occurrence = st.open.get(client.id) as Occurrence;
    const shown = st.shown.get(set.outbox_id) as { payload: string };
    const skipped = key === "skip";
    st.insertAnswer.run(occurrence.id, set.item_id, skipped ? null : Number(key), skipped ? 1 : 0, at);
    const subject = `occurrence:${occurrence.id}`;
    const detail = JSON.stringify({ item: set.item_id });
    st.audit.run(at, `client:${client.id}`, skipped ? "answer.skipped" : "answer.recorded", subject, detail);
    const position = occurrence.position + 1;
    st.advance.run(position, occurrence.first_answer_at ?? at, occurrence.id);
    const cause = `in:console:${updateId}`;
    const edit = JSON.stringify({ kind: "edit", targetOutboxId: set.outbox_id, text: `${shown.payload}\n✓ ${key}` });
    st.enqueue.run(press.chat, identity.id, edit, at, `${cause}:1`, at);
    const itemIds = JSON.parse(occurrence.item_ids) as string[];
    const next = itemIds[position];
    if (next === undefined) {
      st.close.run(at, occurrence.id);
      st.enqueue.run(press.chat, identity.id, '{"kind":"message","text":"Thank you."}', at, `${cause}:2`, at);
      return;
    }
    const nextSet = randomBytes(8).toString("base64url");
    st.newSet.run(nextSet, identity.id, occurrence.id, next, at);
    const buttons = [1, 2, 3, 4, 5].map((k) => ({ data: `${nextSet}.${k}`, label: String(k) }));
    const question = JSON.stringify({ kind: "message", text: next, choices: [buttons] });
    const row = st.enqueue.run(press.chat, identity.id, question, at, `${cause}:2`, at);
    st.attach.run(row.lastInsertRowid, nextSet);
  }
}
