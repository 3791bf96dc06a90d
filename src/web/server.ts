/**
 * The clinicians' web view: a small server-rendered Fastify app on the same database and engine as the
 * bots. Built here without listening (tests inject requests); start-web.ts listens. Every request that
 * changes something must carry the session's CSRF token, checked once here for all routes, so no page
 * can forget it. Errors answer with a page that names no cause (the log gets the cause, never input).
 */
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { registerAlerts } from "./routes/alerts.js";
import { registerAudit } from "./routes/audit.js";
import { registerBasics } from "./routes/basics.js";
import { registerCaseload } from "./routes/caseload.js";
import { registerClient } from "./routes/client.js";
import { registerInvites } from "./routes/invites.js";
import { registerLogin } from "./routes/login.js";
import { registerSchedules } from "./routes/schedules.js";
import { registerSettings } from "./routes/settings.js";
import { registerProtections } from "./security/plugins.js";
import { messagePage } from "./views/message-page.js";
import type { WebContext } from "./web-context.js";
import { visitorText } from "./web-text.js";

/** A page of the web view: registers its routes on the app. */
export type WebRoutes = (app: FastifyInstance, ctx: WebContext) => void;

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export async function buildWebServer(ctx: WebContext, pages: WebRoutes[] = []): Promise<FastifyInstance> {
  // Behind a TLS proxy on this machine: trust its X-Forwarded-* (so Secure cookies follow https), no one else's.
  const app = Fastify({ logger: false, trustProxy: "loopback", bodyLimit: 64 * 1024 });
  await registerProtections(app, ctx);
  app.addHook("preHandler", (request, reply, done) => {
    if (safeMethods.has(request.method)) return done();
    app.csrfProtection(request, reply, done);
  });

  const html = (request: { headers: Record<string, string | string[] | undefined> }) =>
    visitorText(ctx.prompts, request.headers["accept-language"] as string | undefined);
  app.setNotFoundHandler((request, reply) => {
    const text = html(request);
    void reply
      .code(404)
      .type("text/html; charset=utf-8")
      .send(messagePage(text, text.t("web.not_found_title"), text.t("web.not_found")));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const text = html(request);
    const status = error.statusCode ?? 500;
    if (status === 403) {
      return reply
        .code(403)
        .type("text/html; charset=utf-8")
        .send(messagePage(text, text.t("web.error_title"), text.t("web.forbidden")));
    }
    if (status === 429) {
      return reply
        .code(429)
        .type("text/html; charset=utf-8")
        .send(messagePage(text, text.t("web.error_title"), text.t("web.too_many")));
    }
    if (status >= 500)
      ctx.logger.error(
        { err: { name: error.name, code: error.code }, route: request.routeOptions.url },
        "web request failed",
      );
    return reply
      .code(status >= 400 && status < 600 ? status : 500)
      .type("text/html; charset=utf-8")
      .send(messagePage(text, text.t("web.error_title"), text.t("web.error_text")));
  });

  registerBasics(app);
  registerLogin(app, ctx);
  registerCaseload(app, ctx);
  registerClient(app, ctx);
  registerAlerts(app, ctx);
  registerInvites(app, ctx);
  registerSchedules(app, ctx);
  registerSettings(app, ctx);
  registerAudit(app, ctx);
  for (const page of pages) page(app, ctx);
  return app;
}
