/**
 * The web view's protections, each from a well-kept Fastify plugin: security headers with a strict
 * Content-Security-Policy (helmet), form bodies, cookies, database-backed sessions, CSRF tokens on
 * every state change, and rate limits.
 */
import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import session from "@fastify/session";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { looksLikeToken, randomToken } from "../../access/tokens.js";
import type { WebContext } from "../web-context.js";
import { sessionIdleMs } from "./session-data.js";
import { DatabaseSessionStore } from "./session-store.js";

export const sessionCookie = "interlude_session";

/**
 * The session id is 256 random bits and only its hash is stored, so signing the cookie would add no
 * protection; this "signer" only checks the id's shape. It also means there is no cookie secret to
 * configure, rotate or leak.
 */
const unsignedIds = {
  sign: (value: string) => value,
  unsign: (value: string) => ({
    valid: looksLikeToken(value),
    renew: false,
    value: looksLikeToken(value) ? value : null,
  }),
};

/** The token travels in the form body only: never in a URL, where logs and history would keep it. */
const csrfFromForm = (request: FastifyRequest) => {
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === "string" ? body._csrf : "";
};

export async function registerProtections(app: FastifyInstance, ctx: WebContext): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    hsts: { maxAge: 31_536_000, includeSubDomains: false },
    referrerPolicy: { policy: "no-referrer" },
    crossOriginEmbedderPolicy: true,
  });
  // Pages show client data: nothing is kept by the browser's or a proxy's cache.
  app.addHook("onSend", async (_request, reply) => {
    reply.header("Cache-Control", "no-store");
  });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(cookie);
  await app.register(session, {
    secret: unsignedIds,
    cookieName: sessionCookie,
    idGenerator: () => randomToken(),
    store: new DatabaseSessionStore(ctx.db, ctx.clock, sessionIdleMs),
    saveUninitialized: false,
    rolling: true,
    // No maxAge: a browser session cookie; the idle and absolute limits are kept server-side. Secure
    // whenever browsers come over https (the proxy must pass X-Forwarded-Proto); not "auto", which
    // would weaken SameSite to Lax on plain http.
    cookie: { httpOnly: true, sameSite: "strict", secure: ctx.publicUrl.startsWith("https://"), path: "/" },
  });
  await app.register(csrf, { sessionPlugin: "@fastify/session", getToken: csrfFromForm });
  await app.register(rateLimit, { global: true, max: 300, timeWindow: "1 minute" });
}
