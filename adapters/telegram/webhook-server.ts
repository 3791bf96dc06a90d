/**
 * The HTTP endpoint Telegram calls in webhook mode. It sits behind a TLS proxy, so it listens on one
 * address (loopback unless configured otherwise), and it treats every request as possibly hostile:
 * grammY checks the secret header before the body is touched, a body over 1 MB is refused with 413
 * without being read (by its Content-Length, or as soon as a chunked body passes the limit), and a
 * body that is not a JSON update gets 400, not 500.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIPv6 } from "node:net";
import { type Bot, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import { z } from "zod";
import type { Logger } from "../../src/logger.js";
import { StartupError } from "../../src/startup-error.js";
import { decodeUtf8 } from "../../src/text/utf8-file.js";

/** Telegram's updates are a few kilobytes; 1 MB leaves room for any real one. */
export const maxWebhookBodyBytes = 1024 * 1024;

class BodyTooLarge extends Error {}
class NotAnUpdate extends Error {}

/** The one field grammY needs before it can route an update; the rest is Telegram's to define. */
const updateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

/** The request body, read only up to the limit; rejects with BodyTooLarge past it. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxWebhookBodyBytes) {
        // Stop collecting; the 413 answer closes the connection, so the rest is never read.
        req.off("data", onData);
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

async function readUpdate(req: IncomingMessage): Promise<Update> {
  const body = await readBody(req);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(body));
  } catch {
    throw new NotAnUpdate();
  }
  if (!updateShape.safeParse(parsed).success) throw new NotAnUpdate();
  return parsed as Update;
}

/** Answers and closes the connection, so an unread body is dropped rather than drained. */
function answerAndClose(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status, { Connection: "close" }).end();
}

/** grammY's request handler shape (not exported by grammY); no handlerReturn, so calls give Promise<void>. */
interface LimitedHandler {
  readonly update: Promise<Update>;
  header: string | undefined;
  end: () => void;
  respond: (json: string) => void;
  unauthorized: () => void;
  handlerReturn?: undefined;
}

/**
 * grammY's adapter for Node's http module, with the body read by readUpdate. grammY compares the
 * secret header first and only then asks for `update`, so an unauthenticated body is never read.
 */
function limitedHttpAdapter(req: IncomingMessage, res: ServerResponse): LimitedHandler {
  const header = req.headers["x-telegram-bot-api-secret-token"];
  return {
    get update() {
      return readUpdate(req);
    },
    header: Array.isArray(header) ? header[0] : header,
    end: () => res.end(),
    respond: (json: string) => {
      res.writeHead(200, { "Content-Type": "application/json" }).end(json);
    },
    unauthorized: () => answerAndClose(res, 401),
  };
}

function announcedTooLarge(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return length !== undefined && Number(length) > maxWebhookBodyBytes;
}

export interface WebhookServerOptions {
  host: string;
  port: number;
  secret: string;
  logger: Logger;
}

/** Listens on host:port; throws a StartupError if it cannot (port taken, address not on this machine). */
export async function startWebhookServer(bot: Bot, options: WebhookServerOptions): Promise<Server> {
  const handle = webhookCallback(bot, limitedHttpAdapter, { secretToken: options.secret });
  const server = createServer((req, res) => {
    if (req.method !== "POST") return answerAndClose(res, 405);
    if (announcedTooLarge(req)) return answerAndClose(res, 413);
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) return answerAndClose(res, 413);
      if (error instanceof NotAnUpdate) return answerAndClose(res, 400);
      // Only the error's kind: a message could quote the update, which is a client's words.
      options.logger.warn({ err: { name: (error as Error).name } }, "telegram webhook update failed");
      answerAndClose(res, 500);
    });
  });
  const address = isIPv6(options.host) ? `[${options.host}]:${options.port}` : `${options.host}:${options.port}`;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(new StartupError(`telegram: cannot listen for the webhook on ${address} (${error.code ?? error.name})`));
    });
    server.listen(options.port, options.host, () => resolve());
  });
  server.removeAllListeners("error");
  // Once listening, a server error is logged rather than left to crash the process.
  server.on("error", (error: NodeJS.ErrnoException) => {
    options.logger.error({ err: { name: error.name, code: error.code } }, "telegram webhook server error");
  });
  return server;
}
