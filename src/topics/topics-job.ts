/**
 * The topics' part of the minute tick. For each client with topics waiting, the next planned session
 * as it is now decides when they are released (src/topics/release-time.ts): a session moved moves
 * them along, a cancelled one is skipped and they wait for the following one, and with no session
 * planned they wait. At release the therapist's chat gets one message: the words of "before the
 * session" topics, and only how many "at the session" ones there are; an hour before the session the
 * client gets their own at-session list. "Just for me" topics are never read here, and a stopped
 * client's topics are never released. Each client's release is one transaction with its outbox rows,
 * and `released_at` / `reminded_at` make a double tick or a restart send nothing twice.
 */
import type { Db, Tx } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { deliveryIdentityForClient, deliveryIdentityForTherapist, type IdentityRow } from "../db/repos/identities.js";
import { getPractice } from "../db/repos/people.js";
import { nextPlannedSession, type SessionRow } from "../db/repos/sessions.js";
import {
  markTopicsReleased,
  markTopicsReminded,
  type TopicRow,
  type WaitingTopic,
  waitingTopics,
} from "../db/repos/topics.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import { sessionDayText } from "../i18n/session-day.js";
import { Outbound } from "../outbox/outbound.js";
import { priority } from "../outbox/queue.js";
import { settingsOf } from "../practice/settings.js";
import type { Prompts } from "../prompts/load.js";
import { clinicianText } from "../safety/clinician-text.js";
import { releaseAt, reminderAt } from "./release-time.js";

export interface TopicsTickReport {
  /** Clients whose topics were shown (or counted) to their therapist. */
  released: number;
  /** Clients reminded of their own at-session topics. */
  reminded: number;
}

export function topicsTick(db: Db, prompts: Prompts, now: Date): TopicsTickReport {
  const report: TopicsTickReport = { released: 0, reminded: 0 };
  const clientIds = new Set<number>();
  for (const waiting of waitingTopics(db)) {
    // Someone who ended check-ins is no longer followed: nothing of theirs is passed on.
    if (waiting.clientStatus !== "stopped") clientIds.add(waiting.topic.clientId);
  }
  for (const clientId of clientIds) {
    db.transaction((tx) => {
      // Read again inside the transaction: a topic withdrawn or changed meanwhile is never sent.
      const waiting = waitingTopics(tx, clientId);
      const first = waiting[0];
      const session = nextPlannedSession(tx, clientId, now);
      if (!first || first.clientStatus === "stopped" || !session) return;
      const step: Step = { tx, prompts, client: first, topics: waiting.map((w) => w.topic), session, now };
      if (release(step)) report.released += 1;
      if (remind(step)) report.reminded += 1;
    });
  }
  return report;
}

/** One client's waiting topics and their next session, inside the client's transaction. */
interface Step {
  tx: Tx;
  prompts: Prompts;
  client: WaitingTopic;
  topics: TopicRow[];
  session: SessionRow;
  now: Date;
}

function release({ tx, prompts, client, topics, session, now }: Step): boolean {
  const practice = getPractice(tx, client.practiceId);
  if (!practice || now < releaseAt(session, settingsOf(practice))) return false;
  const due = topics.filter((t) => t.releasedAt === null);
  const view = clinicianText(tx, prompts, client.therapistId);
  const identity = deliveryIdentityForTherapist(tx, client.therapistId);
  // Not released until there is a chat to tell: the summary shows only what was released.
  if (due.length === 0 || !view?.therapist.active || !identity) return false;
  const values = { alias: client.alias, day: sessionDayText(session.startsAt, session.timezone, view.locale) };
  const before = due.filter((t) => t.release === "before_session");
  const count = due.length - before.length;
  const countKey = count === 1 ? "topics.therapist_count_one" : "topics.therapist_count_other";
  const parts = [
    ...(before.length > 0 ? [view.t("topics.therapist_before", { ...values, topics: quoted(before) })] : []),
    ...(count > 0 ? [view.t(countKey, { ...values, count })] : []),
  ];
  send({ tx, now }, identity, `topics-release:${(due[0] as TopicRow).id}`, parts.join("\n\n"));
  markTopicsReleased(
    tx,
    due.map((t) => t.id),
    now,
  );
  auditTopics(tx, "topic.released", client.topic.clientId, due, now);
  return true;
}

function remind({ tx, prompts, client, topics, session, now }: Step): boolean {
  if (now < reminderAt(session)) return false;
  const due = topics.filter((t) => t.release === "at_session" && t.remindedAt === null);
  const identity = deliveryIdentityForClient(tx, client.topic.clientId);
  if (due.length === 0 || !identity) return false;
  const locale = isLocale(client.locale) ? client.locale : referenceLocale;
  const text = prompts.messages.t(locale, "topics.reminder", { time: session.localTime, topics: quoted(due) });
  send({ tx, now }, identity, `topics-reminder:${(due[0] as TopicRow).id}`, text);
  markTopicsReminded(
    tx,
    due.map((t) => t.id),
    now,
  );
  auditTopics(tx, "topic.reminded", client.topic.clientId, due, now);
  return true;
}

/** The cause names the batch's first topic: a topic is released (or reminded) once, so the key is unique. */
function send(at: Pick<Step, "tx" | "now">, identity: IdentityRow, cause: string, text: string): void {
  new Outbound(at.tx, at.now, cause, priority.scheduled).say(
    { platform: identity.platform, chatId: identity.chatId, identityId: identity.id },
    text,
  );
}

function quoted(topics: TopicRow[]): string {
  return topics.map((t) => `• “${t.text.replace(/\s+/g, " ").trim()}”`).join("\n");
}

function auditTopics(tx: Tx, action: string, clientId: number, topics: TopicRow[], now: Date): void {
  audit(
    tx,
    {
      actor: "system",
      action,
      subject: `client:${clientId}`,
      detail: { topicIds: topics.map((t) => t.id).join(","), count: topics.length },
    },
    now,
  );
}
