/**
 * The client's commands. Each one is a small state change plus a reply; none of them can clear a
 * safety alert or delete answers. /stop offers erasure, which takes two deliberate presses
 * (src/engine/erasure-choice.ts).
 */
import { audit } from "../db/repos/audit.js";
import { closeOccurrence, openOccurrenceFor } from "../db/repos/checkins.js";
import type { ChoiceSetRow } from "../db/repos/choice-sets.js";
import { setClientLocale, setClientStatus } from "../db/repos/people.js";
import { type Locale, localeNativeNames, locales } from "../i18n/locales.js";
import { askCurrentQuestion } from "./checkin-flow.js";
import { askConsent } from "./consent.js";
import { offerErasure } from "./erasure-choice.js";
import { showPrivacy } from "./sharing.js";
import { runLater } from "./topics-command.js";
import { type ClientTurn, reply, showChosen } from "./turn.js";

export function runClientCommand(turn: ClientTurn, name: string, args = ""): void {
  const { client } = turn;
  switch (name) {
    case "help":
      return reply(turn, "commands.help");
    case "privacy":
      return showPrivacy(turn);
    case "language":
      return askLanguage(turn);
    case "start":
    case "link":
      return resume(turn);
  }
  if (client.status === "stopped") {
    // A stopped client can still decide to have their data deleted: /stop offers the choice again.
    if (name === "stop") {
      reply(turn, "commands.already_stopped");
      return offerErasure(turn);
    }
    return reply(
      turn,
      name === "pause" || name === "resume" || name === "stop" || name === "later"
        ? "commands.already_stopped"
        : "commands.unknown",
    );
  }
  if (client.status === "invited" && (name === "pause" || name === "resume" || name === "stop" || name === "later")) {
    return askConsent(turn, "consent.pending");
  }
  switch (name) {
    case "pause":
      if (client.status === "paused") return reply(turn, "commands.already_paused");
      setStatus(turn, "paused");
      return reply(turn, "commands.paused");
    case "resume":
      if (client.status !== "paused") return reply(turn, "commands.not_paused");
      setStatus(turn, "active");
      return reply(turn, "commands.resumed");
    case "stop":
      return stop(turn);
    case "later":
      return runLater(turn, args);
    default:
      return reply(turn, "commands.unknown");
  }
}

function setStatus(turn: ClientTurn, status: "active" | "paused" | "stopped"): void {
  setClientStatus(turn.tx, turn.client.id, status);
  audit(
    turn.tx,
    { actor: `client:${turn.client.id}`, action: `client.${status}`, subject: `client:${turn.client.id}` },
    turn.now,
  );
}

function stop(turn: ClientTurn): void {
  const open = openOccurrenceFor(turn.tx, turn.client.id);
  if (open) closeOccurrence(turn.tx, open.id, "cancelled", turn.now);
  setStatus(turn, "stopped");
  reply(turn, "commands.stopped");
  offerErasure(turn);
}

/** /start or /link without a code from a linked account: pick up wherever the client is. */
function resume(turn: ClientTurn): void {
  const { client } = turn;
  if (client.status === "invited") return askConsent(turn);
  if (client.status === "stopped") return reply(turn, "commands.already_stopped");
  const open = openOccurrenceFor(turn.tx, client.id);
  if (!open) return reply(turn, "enrol.already_linked");
  askCurrentQuestion(turn, open, turn.prompts.messages.t(turn.locale, "checkin.resume"));
}

function askLanguage(turn: ClientTurn): void {
  const options = locales.map((locale) => ({ key: locale, label: localeNativeNames[locale] }));
  turn.out.ask(turn.to, turn.prompts.messages.t(turn.locale, "commands.language_prompt"), [options], {
    purpose: "language",
  });
}

export function chooseLanguage(turn: ClientTurn, set: ChoiceSetRow, locale: Locale): void {
  showChosen(turn, set, localeNativeNames[locale]);
  setClientLocale(turn.tx, turn.client.id, locale);
  audit(
    turn.tx,
    {
      actor: `client:${turn.client.id}`,
      action: "client.locale",
      subject: `client:${turn.client.id}`,
      detail: { locale },
    },
    turn.now,
  );
  reply({ ...turn, locale }, "commands.language_set");
}
