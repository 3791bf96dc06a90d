/**
 * Starts the web view listening, and sweeps expired sessions and login links every few minutes. Stops
 * by closing the server (requests in flight finish).
 */

import { sweepLoginLinks } from "../access/login-links.js";
import { sweepSessions } from "./security/session-store.js";
import { buildWebServer } from "./server.js";
import type { WebContext } from "./web-context.js";

const sweepEveryMs = 5 * 60_000;

export interface RunningWeb {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startWeb(ctx: WebContext, listen: { host: string; port: number }): Promise<RunningWeb> {
  const app = await buildWebServer(ctx);
  await app.listen({ host: listen.host, port: listen.port });
  const sweep = () => {
    const now = ctx.clock.now();
    try {
      sweepSessions(ctx.db, now);
      sweepLoginLinks(ctx.db, now);
    } catch (error) {
      ctx.logger.warn({ err: { name: (error as Error).name } }, "web session sweep failed; retried later");
    }
  };
  sweep();
  const timer = setInterval(sweep, sweepEveryMs);
  timer.unref();
  const address = app.server.address();
  return {
    url: ctx.publicUrl,
    port: typeof address === "object" && address ? address.port : listen.port,
    stop: async () => {
      clearInterval(timer);
      await app.close();
    },
  };
}

/** Where a newcomer's console demo puts the web view, unless INTERLUDE_WEB_PORT says otherwise. */
export const demoWebPort = 4780;

/**
 * The web view as configured: on when INTERLUDE_WEB_PORT is set, and in the console demo by default
 * (on `demoWebPort`, or any free port when that one is taken, e.g. by a second demo).
 */
export async function startConfiguredWeb(
  ctx: Omit<WebContext, "publicUrl">,
  config: {
    INTERLUDE_WEB_PORT?: number | undefined;
    INTERLUDE_WEB_HOST: string;
    INTERLUDE_WEB_URL?: string | undefined;
  },
  consoleMode: boolean,
): Promise<RunningWeb | undefined> {
  const host = config.INTERLUDE_WEB_HOST;
  const urlFor = (port: number) =>
    (config.INTERLUDE_WEB_URL ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`).replace(/\/+$/, "");
  if (config.INTERLUDE_WEB_PORT !== undefined) {
    return startWeb(
      { ...ctx, publicUrl: urlFor(config.INTERLUDE_WEB_PORT) },
      { host, port: config.INTERLUDE_WEB_PORT },
    );
  }
  if (!consoleMode) return undefined;
  try {
    return await startWeb({ ...ctx, publicUrl: urlFor(demoWebPort) }, { host, port: demoWebPort });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return startOnFreePort(ctx, host, urlFor);
  }
}

async function startOnFreePort(
  ctx: Omit<WebContext, "publicUrl">,
  host: string,
  urlFor: (port: number) => string,
): Promise<RunningWeb> {
  // The URL is only known once the port is: the server is built with a context whose URL is filled in then.
  const context: WebContext = { ...ctx, publicUrl: "" };
  const running = await startWeb(context, { host, port: 0 });
  context.publicUrl = urlFor(running.port);
  return { ...running, url: context.publicUrl };
}
