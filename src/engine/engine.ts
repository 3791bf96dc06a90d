/**
 * The conversation engine: the one place that decides what an inbound event means and what happens
 * next. It knows no platform. Each event is handled in one transaction together with its dedupe
 * record and the replies it causes, so an event has all of its effects or none of them.
 */
import type { Clock } from "../clock.js";
import type { Db, Tx } from "../db/connection.js";
import { audit } from "../db/repos/audit.js";
import { openOccurrenceFor } from "../db/repos/checkins.js";
import { getChoiceSet } from "../db/repos/choice-sets.js";
import { findIdentity, type IdentityRow, setUndeliverable } from "../db/repos/identities.js";
import { priority } from "../db/repos/outbox.js";
import { getClient, getPractice } from "../db/repos/people.js";
import { markUpdateProcessed } from "../db/repos/processed-updates.js";
import { isLocale, referenceLocale } from "../i18n/locales.js";
import type { Logger } from "../logger.js";
import { choiceDataSchema } from "../outbox/payload.js";
import type { Prompts } from "../prompts/load.js";
import { answerByButton, answerByText } from "./checkin-flow.js";
import { chooseLanguage, runClientCommand } from "./commands.js";
import { askConsent, decideConsent } from "./consent.js";
import { linkWithCode } from "./enrolment.js";
import { inboundEventSchema, type ParsedEvent } from "./events.js";
import { Outbound } from "./outbound.js";
import { type Slot, type StartResult, startCheckin } from "./start-checkin.js";
import { type ClientTurn, reply, type Turn } from "./turn.js";
import { raiseUndeliverable } from "./undeliverable.js";

export type HandleOutcome = "handled" | "duplicate" | "invalid" | "failed";

export interface EngineDeps {
  db: Db;
  clock: Clock;
  prompts: Prompts;
  logger: Logger;
}

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
    try {
      return this.deps.db.transaction((tx) => {
        if (!markUpdateProcessed(tx, event.platform, event.updateId, now)) return "duplicate";
        this.route(tx, event, now);
        return "handled";
      });
    } catch (error) {
      // Log what failed, never what the person wrote.
      const err = error instanceof Error ? { name: error.name, message: error.message } : { name: "unknown" };
      this.deps.logger.error(
        { err, platform: event.platform, updateId: event.updateId },
        "event handling failed; rolled back",
      );
      this.apologise(event, now);
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

  private route(tx: Tx, event: ParsedEvent, now: Date): void {
    const identity = findIdentity(tx, event.platform, event.platformUserId);
    const turn: Turn = {
      tx,
      now,
      prompts: this.deps.prompts,
      out: new Outbound(tx, now, `in:${event.platform}:${event.updateId}`, priority.reply),
      to: { platform: event.platform, chatId: event.chatId, identityId: identity?.id ?? null },
      locale: referenceLocale,
    };
    const { payload } = event;
    if (payload.type === "reachability") return this.reachability(tx, identity, payload.reachable, now);
    if (event.chatType === "group") return reply(turn, "unlinked.private_only");

    const isLinkCommand = payload.type === "command" && (payload.name === "start" || payload.name === "link");
    if (!identity) {
      // A press by someone unknown on somebody else's buttons: say nothing into that chat.
      if (payload.type === "choice") return;
      if (isLinkCommand && payload.args !== "") return linkWithCode(turn, event, payload.args);
      return reply(turn, isLinkCommand && payload.name === "link" ? "enrol.missing_code" : "unlinked.hello");
    }
    if (identity.clientId === null) return reply(turn, "clinician.help");

    const clientTurn = this.clientTurn(turn, identity);
    if (!clientTurn) return reply(turn, "errors.generic");
    switch (payload.type) {
      case "command":
        if (isLinkCommand && payload.args !== "") {
          // A stopped client's account may take a new invite; any other linked account keeps its link.
          if (clientTurn.client.status === "stopped") return linkWithCode(turn, event, payload.args, identity);
          return reply(clientTurn, "enrol.already_linked");
        }
        return runClientCommand(clientTurn, payload.name);
      case "choice":
        return this.choose(clientTurn, payload.data);
      case "text":
        return this.typed(clientTurn, payload.text);
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
      case "item":
        if (turn.client.status === "invited") return askConsent(turn, "consent.pending");
        if (turn.client.status === "stopped") return reply(turn, "checkin.closed");
        return answerByButton(turn, set, key);
    }
  }

  private typed(turn: ClientTurn, text: string): void {
    if (turn.client.status === "invited") return askConsent(turn, "consent.pending");
    if (turn.client.status === "stopped") return reply(turn, "commands.already_stopped");
    const open = openOccurrenceFor(turn.tx, turn.client.id);
    if (!open) return reply(turn, "checkin.none_open");
    answerByText(turn, open, text);
  }

  /** After a failure: mark the update handled (so a re-delivery cannot loop) and say sorry. */
  private apologise(event: ParsedEvent, now: Date): void {
    try {
      this.deps.db.transaction((tx) => {
        if (!markUpdateProcessed(tx, event.platform, event.updateId, now)) return;
        const identity = findIdentity(tx, event.platform, event.platformUserId);
        const client = identity?.clientId ? getClient(tx, identity.clientId) : undefined;
        const locale = client && isLocale(client.locale) ? client.locale : referenceLocale;
        const out = new Outbound(tx, now, `in:${event.platform}:${event.updateId}:error`, priority.reply);
        out.say(
          { platform: event.platform, chatId: event.chatId, identityId: identity?.id ?? null },
          this.deps.prompts.messages.t(locale, "errors.generic"),
        );
      });
    } catch (error) {
      this.deps.logger.error({ err: { name: (error as Error).name } }, "could not record the failure either");
    }
  }
}
