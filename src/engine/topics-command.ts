/**
 * "Safe to say": `/later <words>` keeps a topic for the client's next session, `/later` lists the
 * client's topics (each with its release buttons and Withdraw), `/later #2 <words>` changes the words
 * of topic 2. A topic's buttons change its release or withdraw it (deleted, not hidden). Risk words in
 * a topic were already answered by the engine before this runs, whatever the release. Released topics
 * keep their words: the therapist has seen them (or that they exist). Audits carry ids and kinds only.
 */
import { audit } from "../db/repos/audit.js";
import type { ChoiceSetRow } from "../db/repos/choice-sets.js";
import {
  deleteTopic,
  getTopic,
  insertTopic,
  type TopicRow,
  topicsOf,
  updateUnreleasedTopic,
} from "../db/repos/topics.js";
import { type TopicRelease, topicReleases } from "../db/schema.js";
import { sessionDayText } from "../i18n/session-day.js";
import type { ChoiceOption } from "../outbox/outbound.js";
import { settingsOf } from "../practice/settings.js";
import type { MessageKey } from "../prompts/message-keys.js";
import { type ClientTurn, reply, showChosen, text } from "./turn.js";

/** Longest topic kept, in characters (Discord's option carries the same limit). */
export const topicCharacters = 1000;
/** Most topics one client keeps at a time: a list to bring to a session, not a diary. */
export const topicsPerClient = 10;

const releaseLines: Record<TopicRelease, MessageKey> = {
  before_session: "topics.release_before",
  at_session: "topics.release_at",
  just_for_me: "topics.release_just_for_me",
};
const releaseButtons: Record<TopicRelease, MessageKey> = {
  before_session: "topics.button_before",
  at_session: "topics.button_at",
  just_for_me: "topics.button_just_for_me",
};
/** Button keys (button data allows up to 8 letters or digits). */
const releaseKeys: Record<TopicRelease, string> = { before_session: "before", at_session: "at", just_for_me: "me" };
const withdrawKey = "withdraw";

const editPattern = /^#(\d{1,3})(?:\s+([\s\S]*))?$/;

export function runLater(turn: ClientTurn, args: string): void {
  const words = args.trim();
  if (words === "") return listTopics(turn);
  const edit = editPattern.exec(words);
  if (edit) return editTopic(turn, Number(edit[1]), (edit[2] ?? "").trim());
  keepTopic(turn, words);
}

function tooLong(turn: ClientTurn, words: string): boolean {
  if ([...words].length <= topicCharacters) return false;
  reply(turn, "topics.too_long", { max: topicCharacters });
  return true;
}

/** Keeps `words` as a topic with the practice's default release, and shows it with its buttons. */
export function keepTopic(turn: ClientTurn, words: string): void {
  if (tooLong(turn, words)) return;
  if (topicsOf(turn.tx, turn.client.id).length >= topicsPerClient) {
    return reply(turn, "topics.too_many", { max: topicsPerClient });
  }
  const topic = insertTopic(
    turn.tx,
    { clientId: turn.client.id, text: words, release: settingsOf(turn.practice).topicRelease },
    turn.now,
  );
  auditTopic(turn, "topic.kept", topic);
  showTopic(turn, topic, `${text(turn, "topics.kept")}\n${text(turn, releaseLines[topic.release])}`);
}

function listTopics(turn: ClientTurn): void {
  const kept = topicsOf(turn.tx, turn.client.id);
  if (kept.length === 0) return reply(turn, "topics.list_empty");
  reply(turn, "topics.list_header", { count: kept.length });
  kept.forEach((topic, index) => {
    const status = topic.releasedAt
      ? text(turn, "topics.shared_on", {
          day: sessionDayText(topic.releasedAt, turn.client.timezone ?? turn.practice.timezone, turn.locale),
        })
      : text(turn, releaseLines[topic.release]);
    showTopic(turn, topic, `${index + 1}. ${topic.text}\n${status}`);
  });
}

/** A topic's message: an unreleased one carries its release buttons and Withdraw, a released one Withdraw only. */
function showTopic(turn: ClientTurn, topic: TopicRow, body: string): void {
  const withdraw: ChoiceOption = { key: withdrawKey, label: text(turn, "topics.button_withdraw") };
  const rows: ChoiceOption[][] = topic.releasedAt
    ? [[withdraw]]
    : [
        topicReleases.map((release) => ({ key: releaseKeys[release], label: text(turn, releaseButtons[release]) })),
        [withdraw],
      ];
  turn.out.ask(turn.to, body, rows, { purpose: "topic", topicId: topic.id });
}

function editTopic(turn: ClientTurn, number: number, words: string): void {
  const topic = topicsOf(turn.tx, turn.client.id)[number - 1];
  if (!topic) return reply(turn, "topics.no_such", { number });
  if (words === "") return reply(turn, "topics.edit_usage", { number });
  if (tooLong(turn, words)) return;
  if (!updateUnreleasedTopic(turn.tx, topic.id, { text: words }, turn.now)) return reply(turn, "topics.already_shared");
  auditTopic(turn, "topic.edited", topic);
  reply(turn, "topics.edited", { number });
}

/** A press on a topic's buttons: a new release, or Withdraw. */
export function answerTopicChoice(turn: ClientTurn, set: ChoiceSetRow, key: string): void {
  const topic = set.topicId === null ? undefined : getTopic(turn.tx, set.topicId);
  if (!topic || topic.clientId !== turn.client.id) return reply(turn, "topics.gone");
  if (key === withdrawKey) {
    showChosen(turn, set, text(turn, "topics.button_withdraw"));
    // The topic's button sets go with it (ON DELETE CASCADE), so no old button can act on it again.
    deleteTopic(turn.tx, topic.id);
    auditTopic(turn, "topic.withdrawn", topic);
    return reply(turn, "topics.withdrawn");
  }
  const release = topicReleases.find((r) => releaseKeys[r] === key);
  if (!release) return reply(turn, "checkin.stale");
  if (!updateUnreleasedTopic(turn.tx, topic.id, { release }, turn.now)) return reply(turn, "topics.already_shared");
  showChosen(turn, set, text(turn, releaseButtons[release]));
  auditTopic(turn, "topic.release", { ...topic, release });
  reply(turn, releaseLines[release]);
}

function auditTopic(turn: ClientTurn, action: string, topic: Pick<TopicRow, "id" | "release">): void {
  audit(
    turn.tx,
    {
      actor: `client:${turn.client.id}`,
      action,
      subject: `client:${turn.client.id}`,
      detail: { topicId: topic.id, release: topic.release },
    },
    turn.now,
  );
}
