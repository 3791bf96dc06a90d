/**
 * `practice list`: every practice with its zone, language, region and how many people it serves
 * (active therapists; clients who are not stopped). Counts only: no alias is shown, so no audit entry.
 */
import type { Command } from "commander";
import { count, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/connection.js";
import { listPractices } from "../../db/repos/people.js";
import { clients, therapists } from "../../db/schema.js";
import { settingsOf } from "../../practice/settings.js";
import { type CliContext, printResult } from "../context.js";

/** Per practice id, in one grouped query each rather than a list of every client. */
function countsByPractice(db: DbOrTx) {
  const activeTherapists = db
    .select({ practiceId: therapists.practiceId, n: count() })
    .from(therapists)
    .where(eq(therapists.active, true))
    .groupBy(therapists.practiceId)
    .all();
  const currentClients = db
    .select({ practiceId: clients.practiceId, n: count() })
    .from(clients)
    .where(ne(clients.status, "stopped"))
    .groupBy(clients.practiceId)
    .all();
  return {
    therapists: new Map(activeTherapists.map((r) => [r.practiceId, r.n])),
    clients: new Map(currentClients.map((r) => [r.practiceId, r.n])),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function registerPracticeListCommand(practice: Command, ctx: CliContext): void {
  practice
    .command("list")
    .description("every practice: id, name, zone, language, region, active therapists, clients not stopped")
    .option("--json", "print one JSON object", false)
    .action((options: { json: boolean }) => {
      const { db } = ctx.database();
      const counts = countsByPractice(db);
      const rows = listPractices(db).map((p) => ({
        practiceId: p.id,
        name: p.name,
        timezone: p.timezone,
        locale: p.locale,
        region: settingsOf(p).region ?? null,
        therapists: counts.therapists.get(p.id) ?? 0,
        clients: counts.clients.get(p.id) ?? 0,
      }));
      printResult(
        ctx,
        options.json,
        { practices: rows },
        rows.length === 0
          ? ["No practices."]
          : rows.map(
              (r) =>
                `${r.practiceId}\t${r.name}\t${r.timezone}\t${r.locale}\t${r.region ? `region ${r.region}` : "no region"}\t${plural(r.therapists, "therapist")}\t${plural(r.clients, "client")}`,
            ),
      );
    });
}
