/**
 * GET /clients/:id — one client's page, for their current therapist only (alert-access.ts's rule, as
 * `/summary ALIAS` asks it). Anyone else, and an id nobody has, gets the same "not found": ids reveal
 * nothing. Every view is audited under the clinician about the client, ids only.
 */
import type { FastifyInstance } from "fastify";
import { audit } from "../../db/repos/audit.js";
import { getPractice } from "../../db/repos/people.js";
import type { ComparisonChart } from "../../insights/chart/comparison-spec.js";
import { anyRating, comparisonCharts } from "../../insights/client-charts.js";
import { clientRecord } from "../../insights/client-record.js";
import { summaryWords } from "../../insights/render/summary-text.js";
import { therapistZone } from "../../insights/summarise.js";
import { mayViewClient } from "../../safety/alert-access.js";
import { signedInClinician } from "../auth/signed-in.js";
import { clientPage } from "../views/client-page.js";
import type { WebContext } from "../web-context.js";
import { numericId } from "./numeric-id.js";

/** vega is loaded on the first chart, not with the server (see src/insights/charts.ts). */
const renderModule = () => import("../../insights/chart/render.js");

export function registerClient(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { id: string } }>("/clients/:id", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    const { view, therapistId } = clinician;
    const clientId = numericId(request.params.id);
    const now = ctx.clock.now();
    const record =
      clientId !== undefined && mayViewClient(ctx.db, clientId, therapistId)
        ? clientRecord(ctx.db, ctx.prompts, { therapistId, clientId }, now)
        : undefined;
    if (!record || clientId === undefined) return reply.callNotFound();
    audit(
      ctx.db,
      {
        actor: `therapist:${therapistId}`,
        action: "web.client_viewed",
        subject: `client:${clientId}`,
        detail: { week: record.week.id },
      },
      now,
    );
    const zone = therapistZone(ctx.db, view.therapist);
    const words = summaryWords(ctx.prompts, view.locale, zone);
    const charts = await drawAll(comparisonCharts(record, words), ctx);
    const html = clientPage({
      text: view,
      words,
      signedIn: clinician.frame,
      record,
      charts,
      rated: anyRating(record),
      zone,
      isDemo: getPractice(ctx.db, view.therapist.practiceId)?.isDemo === true,
    });
    return reply.type("text/html; charset=utf-8").send(html);
  });
}

/** A chart that cannot be drawn leaves its numbers on the page rather than failing it. */
async function drawAll(charts: ComparisonChart[], ctx: WebContext) {
  const drawn = [];
  for (const chart of charts) {
    try {
      drawn.push({ chart, svg: await (await renderModule()).renderComparisonChartSvg(chart) });
    } catch (error) {
      ctx.logger.error({ err: { name: (error as Error).name } }, "client page chart could not be drawn");
      drawn.push({ chart, svg: undefined });
    }
  }
  return drawn;
}
