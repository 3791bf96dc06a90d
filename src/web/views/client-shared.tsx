/**
 * What the client chose to share with the therapist in the chart's weeks: notes as they were released
 * (shared now, or at the session after them), and topics kept for a session once released: the words
 * of a "before the session" topic, only how many for "at the session" ones. That something is held
 * back is said, never what.
 */
import type { ReleasedTopic } from "../../db/repos/topics.js";
import type { ReleasedNotes } from "../../insights/note-release.js";
import type { SummaryWords } from "../../insights/render/summary-text.js";

export function SharedWords(props: { notes: ReleasedNotes; topics: ReleasedTopic[]; alias: string; w: SummaryWords }) {
  const { notes, w, alias } = props;
  const worded = props.topics.filter((t) => t.text !== null);
  const atSession = new Map<string, number>();
  for (const topic of props.topics) {
    if (topic.text === null)
      atSession.set(w.date(topic.releasedAt), (atSession.get(w.date(topic.releasedAt)) ?? 0) + 1);
  }
  const nothing = notes.shown.length === 0 && props.topics.length === 0;
  return (
    <section aria-labelledby="shared">
      <h2 id="shared">{w.t("web_client.shared_heading")}</h2>
      {nothing ? <p>{w.t("web_client.shared_none")}</p> : null}
      {notes.shown.length > 0 ? (
        <>
          <h3>{w.t("web_client.notes_heading")}</h3>
          <ul class="words">
            {notes.shown.map((note) => (
              <li key={note.at.getTime()}>
                <p class="muted">{w.t("web_client.note_written", { date: w.date(note.at) })}</p>
                <blockquote>{note.text}</blockquote>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.topics.length > 0 ? (
        <>
          <h3>{w.t("web_client.topics_heading")}</h3>
          <ul class="words">
            {worded.map((topic) => (
              <li key={topic.releasedAt.getTime()}>
                <p class="muted">{w.t("web_client.topic_released", { date: w.date(topic.releasedAt) })}</p>
                <blockquote>{topic.text}</blockquote>
              </li>
            ))}
            {[...atSession].map(([date, count]) => (
              <li key={date}>
                {alias} {w.t(count === 1 ? "topics.summary_count_one" : "topics.summary_count_other", { count, date })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {notes.keepsPrivate ? <p class="muted">{w.t("sharing.summary_private", { alias })}</p> : null}
      {notes.forNextSession ? <p class="muted">{w.t("sharing.summary_next_session", { alias })}</p> : null}
    </section>
  );
}
