/**
 * GET /alerts — the clinician's alerts inbox (open first, then the acknowledged ones), and
 * POST /alerts/:id/acknowledge — taking an alert on, with a reason chosen from a fixed list. The
 * acknowledgement is the chat's and the CLI's own (src/safety/acknowledge.ts: only a clinician who may
 * see the alert, the others told, escalation stopped, audited); an alert the clinician may not see
 * and one that does not exist get the same "not found". After a press the browser is sent back to
 * the inbox (so a reload does not press again), with the alert's number in the address: an id, never
 * client data. Every view of the inbox is audited like /alerts in chat.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { audit } from "../../db/repos/audit.js";
import { getPractice } from "../../db/repos/people.js";
import { alertAckReasons } from "../../db/schema.js";
import { acknowledgeAlert } from "../../safety/acknowledge.js";
import { alertInbox } from "../../safety/alert-inbox.js";
import { type Clinician, signedInClinician } from "../auth/signed-in.js";
import { type AlertsNotice, alertsPage } from "../views/alerts-page.js";
import type { WebContext } from "../web-context.js";
import { numericId } from "./numeric-id.js";

type NoticeRequest =
  | { kind: "acknowledged" | "already"; alertId: number }
  | { kind: "missing_reason"; alertId: number }
  | undefined;

function sendInbox(ctx: WebContext, clinician: Clinician, reply: FastifyReply, asked: NoticeRequest, status = 200) {
  const { therapistId, view } = clinician;
  const now = ctx.clock.now();
  const inbox = ctx.db.transaction((tx) => {
    const found = alertInbox(tx, therapistId);
    // Reading alerts reads client data (their words): audited like every other read, ids and counts only.
    audit(
      tx,
      {
        actor: `therapist:${therapistId}`,
        action: "web.alerts_viewed",
        subject: `therapist:${therapistId}`,
        detail: { open: found.open.length, history: found.history.length },
      },
      now,
    );
    return found;
  });
  let notice: AlertsNotice | undefined;
  if (asked?.kind === "missing_reason") notice = asked;
  else if (asked) {
    // Only about an alert this clinician sees in the inbox now: an id typed into the address says nothing.
    const alert = inbox.history.find((item) => item.alert.id === asked.alertId);
    if (alert) notice = { kind: asked.kind, alert };
  }
  const html = alertsPage({
    text: view,
    signedIn: clinician.frame,
    open: inbox.open,
    history: inbox.history,
    notice,
    isDemo: getPractice(ctx.db, view.therapist.practiceId)?.isDemo === true,
  });
  return reply.code(status).type("text/html; charset=utf-8").send(html);
}

export function registerAlerts(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { acknowledged?: string; already?: string } }>("/alerts", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    const acknowledged = numericId(request.query.acknowledged ?? "");
    const already = numericId(request.query.already ?? "");
    const asked: NoticeRequest =
      acknowledged !== undefined
        ? { kind: "acknowledged", alertId: acknowledged }
        : already !== undefined
          ? { kind: "already", alertId: already }
          : undefined;
    return sendInbox(ctx, clinician, reply, asked);
  });

  app.post<{ Params: { id: string }; Body: { reason?: unknown } }>(
    "/alerts/:id/acknowledge",
    async (request, reply) => {
      const clinician = await signedInClinician(ctx, request, reply);
      if (!clinician) return reply;
      const alertId = numericId(request.params.id);
      if (alertId === undefined) return reply.callNotFound();
      const reason = alertAckReasons.find((r) => r === request.body?.reason);
      if (!reason) return sendInbox(ctx, clinician, reply, { kind: "missing_reason", alertId }, 400);
      const now = ctx.clock.now();
      const result = ctx.db.transaction((tx) =>
        acknowledgeAlert(tx, ctx.prompts, { alertId, therapistId: clinician.therapistId, via: "web", reason }, now),
      );
      if (result.status === "unknown") return reply.callNotFound();
      // The others who may see it were told in the same transaction: wake the dispatcher for them.
      if (result.status === "acknowledged") ctx.onQueued();
      return reply.redirect(`/alerts?${result.status}=${alertId}`, 303);
    },
  );
}
