/**
 * Login without passwords. A clinician asks by alias (here or with /web in chat); a single-use link
 * goes to their linked chat; opening it and pressing "Log in" starts a new session (a fresh id: the
 * visitor's session is never promoted). Whether an alias exists, has a chat, or the link was used or
 * expired is never told apart: one generic answer each, and every route is rate limited.
 */
import { and, eq, sql } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loginLinkMinutes, spendLoginLink } from "../../access/login-links.js";
import { audit } from "../../db/repos/audit.js";
import { getTherapist } from "../../db/repos/people.js";
import { therapists } from "../../db/schema.js";
import { sendLoginLink } from "../auth/send-login-link.js";
import { type LoginNotice, linkPage, loginPage } from "../views/login-page.js";
import type { WebContext } from "../web-context.js";
import { visitorText } from "../web-text.js";

const strict = { config: { rateLimit: { max: 10, timeWindow: "1 minute" } } };

export function registerLogin(app: FastifyInstance, ctx: WebContext): void {
  const page = async (request: FastifyRequest, reply: FastifyReply, notice: LoginNotice) =>
    loginPage(
      visitorText(ctx.prompts, request.headers["accept-language"]),
      await reply.generateCsrf(),
      notice,
      loginLinkMinutes,
    );

  app.get<{ Querystring: { ended?: string; out?: string } }>("/login", strict, async (request, reply) => {
    const notice = request.query.ended ? "ended" : request.query.out ? "logged_out" : undefined;
    return reply.type("text/html; charset=utf-8").send(await page(request, reply, notice));
  });

  app.post<{ Body: { alias?: unknown } }>("/login", strict, async (request, reply) => {
    const alias = typeof request.body.alias === "string" ? request.body.alias.trim().slice(0, 64) : "";
    if (alias === "")
      return reply
        .code(400)
        .type("text/html; charset=utf-8")
        .send(await page(request, reply, "missing_alias"));
    const now = ctx.clock.now();
    ctx.db.transaction((tx) => {
      const matches = tx
        .select({ id: therapists.id })
        .from(therapists)
        .where(and(sql`lower(${therapists.alias}) = lower(${alias})`, eq(therapists.active, true)))
        .all();
      for (const { id } of matches) sendLoginLink(tx, ctx.prompts, id, ctx.publicUrl, now);
    });
    ctx.onQueued();
    return reply.type("text/html; charset=utf-8").send(await page(request, reply, "sent"));
  });

  app.get<{ Params: { token: string } }>("/login/:token", strict, async (request, reply) => {
    const text = visitorText(ctx.prompts, request.headers["accept-language"]);
    const csrf = await reply.generateCsrf();
    return reply.type("text/html; charset=utf-8").send(linkPage(text, csrf, request.params.token.slice(0, 64)));
  });

  app.post<{ Params: { token: string } }>("/login/:token", strict, async (request, reply) => {
    const now = ctx.clock.now();
    const therapistId = spendLoginLink(ctx.db, request.params.token, now);
    const therapist = therapistId === undefined ? undefined : getTherapist(ctx.db, therapistId);
    if (!therapist?.active)
      return reply
        .code(400)
        .type("text/html; charset=utf-8")
        .send(await page(request, reply, "refused"));
    // A new session id at login: whatever id the browser had before (a planted one too) is left behind.
    await request.session.regenerate();
    request.session.therapistId = therapist.id;
    request.session.signedInAt = now.getTime();
    audit(
      ctx.db,
      { actor: `therapist:${therapist.id}`, action: "web.login", subject: `therapist:${therapist.id}` },
      now,
    );
    return reply.redirect("/", 303);
  });

  app.post("/logout", async (request, reply) => {
    const { therapistId } = request.session;
    await request.session.destroy();
    if (therapistId !== undefined) {
      audit(
        ctx.db,
        { actor: `therapist:${therapistId}`, action: "web.logout", subject: `therapist:${therapistId}` },
        ctx.clock.now(),
      );
    }
    return reply.redirect("/login?out=1", 303);
  });
}
