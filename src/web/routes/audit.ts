/**
 * GET /audit: the practice's audit log, for its administrators only (anyone else: not found). Newest
 * first, paged by `?before=<entry id>`, optionally only actions starting with `?action=` (an action
 * name such as "risk." — never client data). Looking is itself logged, as `audit show` logs it.
 */
import type { FastifyInstance } from "fastify";
import { audit } from "../../db/repos/audit.js";
import { signedInClinician } from "../auth/signed-in.js";
import { practiceAuditEntries } from "../manage/practice-audit.js";
import { formId } from "../manage/scope.js";
import { auditPage } from "../views/audit-page.js";
import type { WebContext } from "../web-context.js";

/** Action names are dotted words ("client.invite_revoked"): a prefix is a start of one. */
const actionPrefixPattern = /^[a-z_.]{1,40}$/;

export function registerAudit(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { before?: string; action?: string } }>("/audit", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    const { therapist } = clinician.view;
    if (!therapist.admin) return reply.callNotFound();
    const before = request.query.before === undefined ? undefined : formId(request.query.before);
    if (request.query.before !== undefined && before === undefined) return reply.callNotFound();
    const typed = (request.query.action ?? "").trim();
    const filterError = typed !== "" && !actionPrefixPattern.test(typed);
    const actionPrefix = typed === "" || filterError ? undefined : typed;
    const now = ctx.clock.now();
    const page = filterError
      ? { entries: [], more: false }
      : practiceAuditEntries(ctx.db, { practiceId: therapist.practiceId, before, actionPrefix });
    audit(
      ctx.db,
      {
        actor: `therapist:${therapist.id}`,
        action: "audit.viewed",
        subject: `practice:${therapist.practiceId}`,
        detail: { entries: page.entries.length, ...(actionPrefix ? { action: actionPrefix } : {}) },
      },
      now,
    );
    const last = page.entries.at(-1);
    const older =
      page.more && last
        ? `/audit?${new URLSearchParams({ before: String(last.id), ...(actionPrefix ? { action: actionPrefix } : {}) })}`
        : undefined;
    const html = auditPage({
      text: clinician.view,
      signedIn: clinician.frame,
      rows: page.entries.map((e) => ({
        id: e.id,
        at: clinician.view.time(e.at),
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        detail: e.detail === null || e.detail === undefined ? "" : JSON.stringify(e.detail),
      })),
      actionPrefix: filterError ? typed.slice(0, 40) : actionPrefix,
      older,
      filterError,
    });
    return reply
      .code(filterError ? 400 : 200)
      .type("text/html; charset=utf-8")
      .send(html);
  });
}
