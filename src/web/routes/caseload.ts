/**
 * GET / — the signed-in clinician's caseload for the running week, as `/summary` shows it in chat:
 * their own current clients only, and every view audited like the chat's.
 */
import type { FastifyInstance } from "fastify";
import { audit } from "../../db/repos/audit.js";
import { getPractice } from "../../db/repos/people.js";
import { summaryBlocks } from "../../insights/render/blocks.js";
import { summaryWords } from "../../insights/render/summary-text.js";
import { summariseWeek, therapistZone } from "../../insights/summarise.js";
import { weekContaining } from "../../insights/weeks.js";
import { signedInClinician } from "../auth/signed-in.js";
import { type CaseloadSort, caseloadPage, caseloadSorts } from "../views/caseload-page.js";
import type { WebContext } from "../web-context.js";

export function registerCaseload(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { sort?: string } }>("/", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    const { view, therapistId } = clinician;
    const now = ctx.clock.now();
    const zone = therapistZone(ctx.db, view.therapist);
    const week = weekContaining(now, zone);
    const summary = summariseWeek(ctx.db, ctx.prompts, therapistId, week, now);
    if (!summary) return reply.callNotFound();
    audit(
      ctx.db,
      {
        actor: `therapist:${therapistId}`,
        action: "web.caseload_viewed",
        subject: `therapist:${therapistId}`,
        detail: { week: week.id },
      },
      now,
    );
    const words = summaryWords(ctx.prompts, view.locale, zone);
    const blocks = summaryBlocks(summary, words);
    const sort = caseloadSorts.find((s) => s === request.query.sort) ?? ("attention" satisfies CaseloadSort);
    const html = caseloadPage({
      text: view,
      words,
      signedIn: clinician.frame,
      summary,
      blocks: blocks.clients,
      headline: blocks.headline.slice(1),
      sort,
      isDemo: getPractice(ctx.db, view.therapist.practiceId)?.isDemo === true,
    });
    return reply.type("text/html; charset=utf-8").send(html);
  });
}
