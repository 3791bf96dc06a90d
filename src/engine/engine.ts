import type { Tx } from "../db/connection.js";
import { alertAwaitingFollowUpNote } from "../db/repos/alerts.js";
import { audit } from "../db/repos/audit.js";
import { openOccurrenceFor } from "../db/repos/checkins.js";
import { getChoiceSet } from "../db/repos/choice-sets.js";
import { findIdentity, type IdentityRow, setUndeliverable } from "../db/repos/identities.js";
import { getClient, getPractice } from "../db/repos/people.js";
import { markUpdateProcessed } from "../db/repos/processed-updates.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import { crisisBusyTimeoutMs, withBusyTimeout } from "../outbox/busy-timeout.js";
import { Outbound } from "../outbox/outbound.js";
import { choiceDataSchema } from "../outbox/payload.js";
import { priority } from "../outbox/queue.js";
import type { Slot, StartResult } from "../schedule/checkin-starter.js";
import { answerByButton, answerByText } from "./checkin-flow.js";
import { runClinicianChoice } from "./clinician-choices.js";
import { runClinicianCommand } from "./clinician-commands.js";
import { chooseLanguage, runClientCommand } from "./commands.js";
import { askConsent, decideConsent } from "./consent.js";
import { apologise, crisisWithoutDatabase, inEveryLanguage } from "./database-failure.js";
import { linkWithCode } from "./enrolment.js";
import { answerErasureConfirm, answerErasureOffer } from "./erasure-choice.js";
import { inboundEventSchema, type ParsedEvent } from "./events.js";
import { answerFollowUp, recordFollowUpNote } from "./follow-up.js";
import type { EngineDeps } from "./ports.js";
import { type EventRiskSignal, riskSignalOf } from "./prescreen.js";
import { respondToRisk } from "./risk.js";
import { chooseForNote, choosePrivacy } from "./sharing.js";
import { startCheckin } from "./start-checkin.js";
import { withStorableText, withStorableWords } from "./storable-text.js";
import { answerTopicChoice } from "./topics-command.js";
import { type ClientTurn, reply, type Turn } from "./turn.js";
import { raiseUndeliverable } from "./undeliverable.js";

export type HandleOutcome = "handled" | "duplicate" | "invalid" | "failed";

export class Engine {
  constructor(private readonly deps: EngineDeps) {}

  /** Handles one inbound event. Never throws: bad input is rejected, failures roll back and are logged. */
  handle(input: unknown): HandleOutcome {
    const parsed = inboundEventSchema.safeParse(input);
    if (!parsed.success) {
      this.deps.logger.warn({ fields: parsed.error.issues.map((i) => i.path.join(".")) }, "inbound event rejected");
      return "invalid";
    }
    const event = parsed.data;
    const now = this.deps.clock.now();
    // Screened before the database is touched, so a disclosure is answered even if the database fails.
    const risk = riskSignalOf(event, this.deps.prompts);
    let after: Outbound | undefined;
    try {
      const run = () =>
        this.deps.db.transaction((tx) => {
          if (!markUpdateProcessed(tx, event.platform, event.updateId, now)) return "duplicate" as const;
          // Screened above as sent; stored and acted on without control characters.
          after = this.route(tx, withStorableText(event), now, withStorableWords(risk));
          return "handled" as const;
        });
      // A disclosure must not wait seconds for another process's write lock (better-sqlite3 blocks the
      // whole process meanwhile): after a short wait it is answered from memory and spooled instead.
      const outcome = risk ? withBusyTimeout(this.deps.db, crisisBusyTimeoutMs, run) : run();
      const committed = after as Outbound | undefined;
      if (committed && committed.urgentIds.length > 0) this.deps.urgent?.sendRecorded(committed.urgentIds);
      for (const request of committed?.chartRequests ?? []) this.deps.charts?.deliver(request);
      for (const request of committed?.qrCodeRequests ?? []) this.deps.qrCodes?.deliver(request);
      return outcome;
    } catch (error) {
      // Log what failed, never what the person wrote.
      const err = error instanceof Error ? { name: error.name, message: error.message } : { name: "unknown" };
      this.deps.logger.error(
        { err, platform: event.platform, updateId: event.updateId },
        "event handling failed; rolled back",
      );
      // A crisis reply on its way is the whole reply: no "nothing was changed" after it, and no
      // write that could wait on a lock before it leaves. The spool's replay records the update.
      if (risk && crisisWithoutDatabase(this.deps, event, risk, now)) return "failed";
      apologise(this.deps, event, now);
      return "failed";
    }
  }

  /** Starts a check-in for a client now (CLI, schedule, demo). */
  startCheckin(clientId: number, slot?: Partial<Slot>): StartResult | { status: "skipped"; reason: "unknown_client" } {
    const now = this.deps.clock.now();
    return this.deps.db.transaction((tx) => {
      const client = getClient(tx, clientId);
      if (!client) return { status: "skipped", reason: "unknown_client" } as const;
      const fullSlot: Slot = {
        idempotencyKey: slot?.idempotencyKey ?? `manual:${clientId}:${now.getTime()}`,
        scheduledFor: slot?.scheduledFor ?? now,
        ...(slot?.scheduleId === undefined ? {} : { scheduleId: slot.scheduleId }),
      };
      return startCheckin(tx, this.deps.prompts, client, fullSlot, now);
    });
  }

  /** Handles the event inside its transaction; returns what is left to do after the commit. */
  private route(tx: Tx, event: ParsedEvent, now: Date, risk: EventRiskSignal | undefined): Outbound {
    const out = new Outbound(tx, now, `in:${event.platform}:${event.updateId}`, priority.reply, this.deps.urgent);
    this.dispatch(tx, event, now, out, risk);
    return out;
  }

  private dispatch(tx: Tx, event: ParsedEvent, now: Date, out: Outbound, risk: EventRiskSignal | undefined): void {
    const identity = findIdentity(tx, event.platform, event.platformUserId);
    const turn: Turn = {
      tx,
      now,
      prompts: this.deps.prompts,
      out,
      to: { platform: event.platform, chatId: event.chatId, identityId: identity?.id ?? null },
      locale: referenceLocale,
      botUsername: this.deps.botUsernames?.get(event.platform),
      webUrl: this.deps.webAddress?.get(),
    };
    const { payload } = event;
    if (payload.type === "reachability") return this.reachability(tx, identity, payload.reachable, now);
    const riskWords = risk?.kind === "risk_text" ? risk : undefined;
    if (event.chatType === "group") {
      if (!riskWords) return reply(turn, "unlinked.private_only");
      // Risk words outrank "private chats only": whoever wrote them is told where help is, at once, in
      // the group. Only that: no alert (a client's consent covers their private chat with Interlude),
      // and the same words for everyone, so the reply shows nobody to be a client.
      audit(tx, { actor: "system", action: "risk.group_message", subject: `${event.platform}-group` }, now);
      turn.out.urgent(turn.to, inEveryLanguage(this.deps.prompts, "crisis.unlinked"));
      return;
    }

    const isLinkCommand = payload.type === "command" && (payload.name === "start" || payload.name === "link");
    if (!identity && riskWords) {
      // Nobody to alert, but the person still gets told where help is, at once.
      audit(tx, { actor: "system", action: "risk.unlinked_sender", subject: `${event.platform}-sender` }, now);
      turn.out.urgent(turn.to, inEveryLanguage(this.deps.prompts, "crisis.unlinked"));
      return;
    }
    if (!identity) {
      // A press by someone unknown on somebody else's buttons: say nothing into that chat.
      if (payload.type === "choice") return;
      if (isLinkCommand && payload.args !== "") return linkWithCode(turn, event, payload.args);
      return reply(turn, isLinkCommand && payload.name === "link" ? "enrol.missing_code" : "unlinked.hello");
    }
    if (identity.clientId === null) {
      if (identity.therapistId === null) return reply(turn, "errors.generic");
      if (payload.type === "choice") {
        return runClinicianChoice(
          { ...turn, to: { ...turn.to, identityId: identity.id } },
          identity.therapistId,
          payload.data,
        );
      }
      const command = payload.type === "command" ? payload : { name: "help", args: "" };
      return runClinicianCommand(turn, identity.therapistId, command.name, command.args);
    }

    const clientTurn = this.clientTurn(turn, identity);
    if (!clientTurn) return reply(turn, "errors.generic");
    // Risk words anywhere, whatever else the message is (a note, an answer, a command's argument).
    if (riskWords) {
      const open = openOccurrenceFor(tx, clientTurn.client.id);
      respondToRisk(clientTurn, { ...riskWords, ...(open ? { occurrenceId: open.id } : {}) });
    }
    switch (payload.type) {
      case "command":
        if (isLinkCommand && payload.args !== "") {
          // A stopped client's account may take a new invite; any other linked account keeps its link.
          if (clientTurn.client.status === "stopped") return linkWithCode(turn, event, payload.args, identity);
          return reply(clientTurn, "enrol.already_linked");
        }
        return runClientCommand(clientTurn, payload.name, payload.args);
      case "choice":
        return this.choose(clientTurn, payload.data);
      case "text":
        return this.typed(clientTurn, payload.text, riskWords !== undefined);
      case "aside":
        // Screened above and never an answer. After a crisis reply nothing else is said: the resources
        // stay the last thing the client reads.
        if (riskWords) return;
        return reply(clientTurn, `aside.${payload.source}` as const);
      case "unsupported":
        return reply(clientTurn, "unsupported");
    }
  }

  /** A blocked bot can send nothing: stop trying, and make sure the therapist hears of it. */
  private reachability(tx: Tx, identity: IdentityRow | undefined, reachable: boolean, now: Date): void {
    if (!identity || identity.undeliverable === !reachable) return;
    setUndeliverable(tx, identity.id, !reachable);
    audit(
      tx,
      {
        actor: "system",
        action: reachable ? "identity.reachable" : "identity.unreachable",
        subject: `identity:${identity.id}`,
      },
      now,
    );
    if (!reachable) raiseUndeliverable(tx, this.deps.prompts, identity.id, now);
  }

  private clientTurn(turn: Turn, identity: IdentityRow): ClientTurn | undefined {
    const client = identity.clientId === null ? undefined : getClient(turn.tx, identity.clientId);
    const practice = client ? getPractice(turn.tx, client.practiceId) : undefined;
    if (!client || !practice) return undefined;
    const locale = isLocale(client.locale) ? client.locale : referenceLocale;
    return { ...turn, to: { ...turn.to, identityId: identity.id }, client, practice, locale };
  }

  /** A button press: it counts only for the account it was sent to and the question it belongs to. */
  private choose(turn: ClientTurn, data: string): void {
    const parsed = choiceDataSchema.safeParse(data);
    const set = parsed.success ? getChoiceSet(turn.tx, parsed.data.setId) : undefined;
    if (!parsed.success || !set) return reply(turn, "checkin.stale");
    if (set.identityId !== turn.to.identityId) return reply(turn, "checkin.not_yours");
    const { key } = parsed.data;
    switch (set.purpose) {
      case "consent":
        return decideConsent(turn, set, key);
      case "language":
        return isLocale(key) ? chooseLanguage(turn, set, key) : reply(turn, "checkin.stale");
      case "follow_up":
        return answerFollowUp(turn, set, key);
      case "erasure_offer":
        return answerErasureOffer(turn, set, key);
      case "erasure_confirm":
        return answerErasureConfirm(turn, set, key);
      case "topic":
        return answerTopicChoice(turn, set, key);
      case "note_sharing":
        return chooseForNote(turn, set, key);
      case "privacy":
        return choosePrivacy(turn, set, key);
      case "item":
        if (turn.client.status === "invited") return askConsent(turn, "consent.pending");
        if (turn.client.status === "stopped") return reply(turn, "checkin.closed");
        return answerByButton(turn, set, key);
    }
  }

  /**
   * Typed text. When it held risk words and is not an answer (no check-in open, no follow-up awaiting
   * a note), the crisis reply already sent is the whole reply: no "no check-in open" after it, and
   * no "I couldn't match that" when it was typed at a scale question.
   */
  private typed(turn: ClientTurn, text: string, riskWords: boolean): void {
    if (riskWords && turn.client.status !== "active" && turn.client.status !== "paused") return;
    if (turn.client.status === "invited") return askConsent(turn, "consent.pending");
    if (turn.client.status === "stopped") return reply(turn, "commands.already_stopped");
    const open = openOccurrenceFor(turn.tx, turn.client.id);
    if (!open) {
      const awaiting = alertAwaitingFollowUpNote(turn.tx, turn.client.id, turn.now);
      if (awaiting && text.trim() !== "") return recordFollowUpNote(turn, awaiting, text.trim());
      if (riskWords) return;
      return reply(turn, "checkin.none_open");
    }
    answerByText(turn, open, text, { afterCrisisReply: riskWords });
  }
}
