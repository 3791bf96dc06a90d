/**
 * Whose schedule a `schedule` command is about: exactly one of --practice, --therapist, --client,
 * turned into a scope that exists, with the zone its times are read in.
 */
import type { DbOrTx } from "../../db/connection.js";
import { getClient, getPractice, getTherapist } from "../../db/repos/people.js";
import type { ScheduleScope } from "../../db/repos/schedules.js";
import { idArg, parseArg } from "../arguments.js";
import { CliUsageError } from "../context.js";

export interface ScopeOptions {
  practice?: string;
  therapist?: string;
  client?: string;
}

export interface ResolvedScope {
  scope: ScheduleScope;
  kind: "practice" | "therapist" | "client";
  id: number;
  /** The client's zone; for a practice or therapist, the practice's (each client's own applies). */
  zone: string;
  label: string;
}

export function resolveScope(db: DbOrTx, options: ScopeOptions): ResolvedScope {
  const given = (["practice", "therapist", "client"] as const).filter((k) => options[k] !== undefined);
  if (given.length !== 1) throw new CliUsageError("give exactly one of --practice, --therapist, --client");
  if (options.client !== undefined) {
    const id = parseArg(idArg, options.client, "--client");
    const client = getClient(db, id);
    if (!client) throw new CliUsageError(`--client: no client with id ${id}`);
    const practice = getPractice(db, client.practiceId);
    return {
      scope: { practiceId: client.practiceId, clientId: id },
      kind: "client",
      id,
      zone: client.timezone ?? practice?.timezone ?? "UTC",
      label: `client ${id}`,
    };
  }
  if (options.therapist !== undefined) {
    const id = parseArg(idArg, options.therapist, "--therapist");
    const therapist = getTherapist(db, id);
    if (!therapist) throw new CliUsageError(`--therapist: no therapist with id ${id}`);
    const practice = getPractice(db, therapist.practiceId);
    return {
      scope: { practiceId: therapist.practiceId, therapistId: id },
      kind: "therapist",
      id,
      zone: practice?.timezone ?? "UTC",
      label: `therapist ${id}`,
    };
  }
  const id = parseArg(idArg, options.practice, "--practice");
  const practice = getPractice(db, id);
  if (!practice) throw new CliUsageError(`--practice: no practice with id ${id}`);
  return { scope: { practiceId: id }, kind: "practice", id, zone: practice.timezone, label: `practice ${id}` };
}
