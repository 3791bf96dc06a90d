/**
 * What needs no login: the health check (for the proxy and the process supervisor; it says nothing
 * about anyone), and the stylesheet.
 */
import type { FastifyInstance } from "fastify";
import { styleSheet } from "../views/style.js";

export function registerBasics(app: FastifyInstance): void {
  app.get("/healthz", async (_request, reply) => reply.type("application/json").send('{"ok":true}'));
  app.get("/assets/style.css", async (_request, reply) => reply.type("text/css; charset=utf-8").send(styleSheet));
}
