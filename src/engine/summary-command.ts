/**
 * A clinician's `/summary` in chat: the running week so far for their whole caseload, or
 * `/summary ALIAS` for one of their own clients in full, with that client's chart to follow. Only the
 * clinician's own clients are ever shown (their current caseload: src/safety/alert-access.ts), and
 * every view is audited.
 */
import { audit } from "../db/repos/audit.js";
import { clientBlock, legendFor, summaryBlocks } from "../insights/render/blocks.js";
import { chatLimits, clientChatLines, packParts, renderChatParts } from "../insights/render/chat.js";
import { caveatLines, headlineText, summaryWords } from "../insights/render/summary-text.js";
import { summariseWeek, therapistZone } from "../insights/summarise.js";
import { weekContaining } from "../insights/weeks.js";
import { mayViewClient } from "../safety/alert-access.js";
import type { ClinicianText } from "../safety/clinician-text.js";
import type { Turn } from "./turn.js";

/** Case and surrounding spaces do not matter when a clinician types an alias. */
const sameAlias = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

export function runSummaryCommand(turn: Turn, view: ClinicianText, therapistId: number, args: string): void {
  const zone = therapistZone(turn.tx, view.therapist);
  const week = weekContaining(turn.now, zone);
  const summary = summariseWeek(turn.tx, turn.prompts, therapistId, week, turn.now);
  if (!summary) return;
  const words = summaryWords(turn.prompts, view.locale, zone);
  const limit = chatLimits[turn.to.platform];
  const say = (text: string) => void turn.out.say(turn.to, text);
  const alias = args.trim();

  if (alias === "") {
    audit(
      turn.tx,
      {
        actor: `therapist:${therapistId}`,
        action: "summary.viewed",
        subject: `therapist:${therapistId}`,
        detail: { week: week.id },
      },
      turn.now,
    );
    for (const part of renderChatParts(summaryBlocks(summary, words), limit)) say(part);
    return;
  }
  const client = summary.clients.find(
    (c) => sameAlias(c.alias, alias) && mayViewClient(turn.tx, c.clientId, therapistId),
  );
  if (!client) return say(view.t("summary.unknown_alias", { alias: alias.slice(0, 40) }));
  audit(
    turn.tx,
    {
      actor: `therapist:${therapistId}`,
      action: "summary.viewed",
      subject: `client:${client.clientId}`,
      detail: { week: week.id },
    },
    turn.now,
  );
  const block = clientBlock(client, words, true);
  const legend = legendFor([block], words);
  const closing = caveatLines(words).join("\n");
  const texts = [headlineText(summary, words)[0] ?? "", clientChatLines(block).join("\n"), ...(legend ? [legend] : [])];
  for (const part of packParts([...texts, closing], limit)) say(part);
  turn.out.chart(turn.to, { therapistId, clientId: client.clientId, weekId: week.id });
}
