/**
 * Check-ins timed to sessions (step 11, part 2): the three rule forms and the slot each gives for a
 * client's sessions. A slot belongs to one session, so (client, session, rule) is its idempotency key:
 * a moved session keeps its id and so its key (its check-in moves with it and is never sent twice),
 * and a cancelled session gives no slot (its check-in goes with it).
 *
 *   after each session +24h          that long after the session ends (+90m, +2h, +1d)
 *   before each session -1d at 18:00 on the day N days before the session, at a local time
 *   before each session -2h          that long before it starts
 *   halfway between sessions         midway between a session's end and the next one's start
 *
 * The scheduler (scheduler.ts) places a cursor on the next of these slots for a client whose
 * schedule is one of these rules, and places it again whenever the client's sessions change.
 */
import { DateTime } from "luxon";
import { instantOf, localDateOf, wallTimeOf } from "../i18n/wall-time.js";

export type SessionRule =
  | { kind: "after"; minutes: number }
  | { kind: "before"; minutes: number }
  | { kind: "before-at"; days: number; time: string }
  | { kind: "halfway" };

/** What a rule needs of a session: when it is, and whether it still takes place. */
export interface RuleSession {
  id: number;
  startsAt: Date;
  durationMinutes: number;
  status: "planned" | "held" | "cancelled" | "no_show";
}

export interface RuleSlot {
  sessionId: number;
  /** The nominal time, before jitter and quiet hours. */
  at: Date;
}

const units: Record<string, number> = { m: 1, min: 1, h: 60, d: 24 * 60 };

/** "+24h", "-90m", "-1d": a signed whole offset in minutes, or undefined. */
function offsetOf(word: string | undefined, sign: "+" | "-"): number | undefined {
  const match = word === undefined ? null : /^([+-])(\d{1,3})(m|min|h|d)$/.exec(word);
  if (!match || match[1] !== sign) return undefined;
  return Number(match[2]) * (units[match[3] as string] as number);
}

/** The rule `spec` states, or undefined when it is not one of the forms above. */
export function parseSessionRule(spec: string): SessionRule | undefined {
  const words = spec.trim().toLowerCase().split(/\s+/);
  if (words.join(" ") === "halfway between sessions") return { kind: "halfway" };
  const [when, each, session, offset, at, time, ...rest] = words;
  if (each !== "each" || session !== "session" || rest.length > 0) return undefined;
  if (when === "after" && at === undefined) {
    const minutes = offsetOf(offset, "+");
    return minutes === undefined || minutes === 0 ? undefined : { kind: "after", minutes };
  }
  if (when !== "before") return undefined;
  if (at === undefined) {
    const minutes = offsetOf(offset, "-");
    return minutes === undefined || minutes === 0 ? undefined : { kind: "before", minutes };
  }
  const days = /^-(\d{1,2})d$/.exec(offset ?? "");
  const clock = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time ?? "");
  if (at !== "at" || !days || !clock) return undefined;
  return { kind: "before-at", days: Number(days[1]), time: time as string };
}

const endOf = (s: RuleSession) => s.startsAt.getTime() + s.durationMinutes * 60_000;

/**
 * Every slot the rule gives for these sessions (any order; cancelled ones and missed ones give none,
 * and "halfway" needs the next session to exist), in time order. Local times are in `zone`.
 */
export function slotsOf(rule: SessionRule, sessions: readonly RuleSession[], zone: string): RuleSlot[] {
  const taking = [...sessions]
    .filter((s) => s.status === "planned" || s.status === "held")
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const slots: RuleSlot[] = [];
  taking.forEach((session, index) => {
    switch (rule.kind) {
      case "after":
        slots.push({ sessionId: session.id, at: new Date(endOf(session) + rule.minutes * 60_000) });
        return;
      case "before":
        slots.push({ sessionId: session.id, at: new Date(session.startsAt.getTime() - rule.minutes * 60_000) });
        return;
      case "before-at": {
        const day = DateTime.fromISO(localDateOf(wallTimeOf(session.startsAt, zone)), { zone }).minus({
          days: rule.days,
        });
        const [hour, minute] = rule.time.split(":").map(Number) as [number, number];
        const at = instantOf({ year: day.year, month: day.month, day: day.day, hour, minute }, zone);
        // A "day before at 18:00" for a session at 09:00 the same day would come after it: none then.
        if (at.getTime() < session.startsAt.getTime()) slots.push({ sessionId: session.id, at });
        return;
      }
      case "halfway": {
        const next = taking[index + 1];
        if (!next) return;
        slots.push({ sessionId: session.id, at: new Date((endOf(session) + next.startsAt.getTime()) / 2) });
        return;
      }
    }
  });
  return slots.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The first slot strictly after `after`, if any. */
export function nextSessionSlot(
  rule: SessionRule,
  sessions: readonly RuleSession[],
  zone: string,
  after: Date,
): RuleSlot | undefined {
  return slotsOf(rule, sessions, zone).find((slot) => slot.at.getTime() > after.getTime());
}

/** The idempotency key of a session slot: one check-in per (client, session, rule). */
export function sessionSlotKey(clientId: number, sessionId: number, scheduleId: number): string {
  return `session:${clientId}:${sessionId}:${scheduleId}`;
}
