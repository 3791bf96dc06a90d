/**
 * The topics clients keep for their next session, as rows. What a client may do with them is
 * src/engine/topics-command.ts; when they are released is src/topics/; this file only stores and finds.
 */
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, ne, or } from "drizzle-orm";
import type { DbOrTx } from "../connection.js";
import { clients, type TopicRelease, topics } from "../schema.js";

export type TopicRow = typeof topics.$inferSelect;

export function insertTopic(
  db: DbOrTx,
  values: { clientId: number; text: string; release: TopicRelease },
  now: Date,
): TopicRow {
  return db
    .insert(topics)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

/** A client's topics, oldest first: the order their numbers in `/later` follow. */
export function topicsOf(db: DbOrTx, clientId: number): TopicRow[] {
  return db.select().from(topics).where(eq(topics.clientId, clientId)).orderBy(asc(topics.id)).all();
}

export function getTopic(db: DbOrTx, id: number): TopicRow | undefined {
  return db.select().from(topics).where(eq(topics.id, id)).get();
}

/** Changes an unreleased topic only; returns whether it changed. */
export function updateUnreleasedTopic(
  db: DbOrTx,
  id: number,
  changes: { text?: string; release?: TopicRelease },
  now: Date,
): boolean {
  const result = db
    .update(topics)
    .set({ ...changes, updatedAt: now })
    .where(and(eq(topics.id, id), isNull(topics.releasedAt)))
    .run();
  return result.changes > 0;
}

export function deleteTopic(db: DbOrTx, id: number): boolean {
  return db.delete(topics).where(eq(topics.id, id)).run().changes > 0;
}

/** A topic still waiting for its session, with whom it belongs to. */
export interface WaitingTopic {
  topic: TopicRow;
  clientStatus: string;
  alias: string;
  locale: string;
  therapistId: number;
  practiceId: number;
}

/**
 * Topics with something left to do: shown to the therapist (before_session, at_session) or reminded
 * to the client (at_session). Just-for-me topics are never read here.
 */
export function waitingTopics(db: DbOrTx, clientId?: number): WaitingTopic[] {
  return db
    .select({
      topic: topics,
      clientStatus: clients.status,
      alias: clients.alias,
      locale: clients.locale,
      therapistId: clients.therapistId,
      practiceId: clients.practiceId,
    })
    .from(topics)
    .innerJoin(clients, eq(clients.id, topics.clientId))
    .where(
      and(
        clientId === undefined ? undefined : eq(topics.clientId, clientId),
        ne(topics.release, "just_for_me"),
        or(isNull(topics.releasedAt), and(eq(topics.release, "at_session"), isNull(topics.remindedAt))),
      ),
    )
    .orderBy(asc(topics.clientId), asc(topics.id))
    .all();
}

export function markTopicsReleased(db: DbOrTx, ids: readonly number[], now: Date): void {
  if (ids.length === 0) return;
  db.update(topics)
    .set({ releasedAt: now })
    .where(and(inArray(topics.id, [...ids]), isNull(topics.releasedAt)))
    .run();
}

export function markTopicsReminded(db: DbOrTx, ids: readonly number[], now: Date): void {
  if (ids.length === 0) return;
  db.update(topics)
    .set({ remindedAt: now })
    .where(and(inArray(topics.id, [...ids]), isNull(topics.remindedAt)))
    .run();
}

/**
 * A released topic as the weekly summary may show it: the words of a "before the session" topic, and
 * for an "at the session" one no words at all (null), so no renderer can ever print them.
 */
export interface ReleasedTopic {
  clientId: number;
  releasedAt: Date;
  text: string | null;
}

/** Topics of these clients released in [from, to): what the weekly summary may show. */
export function releasedTopicsOfClients(
  db: DbOrTx,
  clientIds: readonly number[],
  from: Date,
  to: Date,
): ReleasedTopic[] {
  if (clientIds.length === 0) return [];
  const rows = db
    .select({ clientId: topics.clientId, releasedAt: topics.releasedAt, release: topics.release, text: topics.text })
    .from(topics)
    .where(
      and(
        inArray(topics.clientId, [...clientIds]),
        ne(topics.release, "just_for_me"),
        isNotNull(topics.releasedAt),
        gte(topics.releasedAt, from),
        lt(topics.releasedAt, to),
      ),
    )
    .orderBy(asc(topics.clientId), asc(topics.id))
    .all();
  return rows.map((r) => ({
    clientId: r.clientId,
    releasedAt: r.releasedAt as Date,
    text: r.release === "before_session" ? r.text : null,
  }));
}
