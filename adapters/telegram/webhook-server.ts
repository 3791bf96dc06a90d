/**
 * The HTTP endpoint Telegram calls in webhook mode. It sits behind a TLS proxy, so it listens on one
 * address (loopback unless configured otherwise), and it treats every request as possibly hostile:
 * the secret header is checked (in constant time) before the body is touched, a body over 1 MB is
 * refused with 413 without being read (by its Content-Length, or as soon as a chunked body passes the
 * limit), and a body that is not a JSON update gets 400, not 500. A valid update is written to the
 * inbox before the 200, so an update Telegram was told it delivered survives this worker dying.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIPv6 } from "node:net";
import { type Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import { z } from "zod";
import type { InboxRunner } from "../../src/inbox/inbox-runner.js";
import type { Logger } from "../../src/logger.js";
import { StartupError } from "../../src/startup-error.js";
import { decodeUtf8 } from "../../src/text/utf8-file.js";

/** Telegram's updates are a few kilobytes; 1 MB leaves room for any real one. */
export const maxWebhookBodyBytes = 1024 * 1024;

class BodyTooLarge extends Error {}
class NotAnUpdate extends Error {}

/** The one field the inbox and grammY need before they can route an update; the rest is Telegram's to define. */
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

function announcedTooLarge(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return length !== undefined && Number(length) > maxWebhookBodyBytes;
}

/**
 * Whether the request carries Telegram's secret token, compared in constant time. Both sides are
 * hashed first, so the buffers compared are of equal length and the secret's length does not leak.
 */
function carriesSecret(req: IncomingMessage, secret: string): boolean {
  const header = req.headers["x-telegram-bot-api-secret-token"];
  const given = Array.isArray(header) ? header[0] : header;
  if (given === undefined) return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** The chat an update belongs to, as grammY sees it (the same key its per-chat `sequentialize` uses). */
function chatOf(bot: Bot, update: Update): string | null {
  return new Context(update, bot.api, bot.botInfo).chat?.id.toString() ?? null;
}

export interface WebhookServerOptions {
  host: string;
  port: number;
  secret: string;
  logger: Logger;
}

/**
 * Stores the update in the inbox, then answers 200, then handles it (not awaited by the answer). If
 * the inbox cannot take it (database locked, full, read-only), the update is handled before the
 * answer, as without an inbox, so the crisis path never depends on the inbox's write.
 */
async function receive(bot: Bot, inbox: InboxRunner, update: Update, res: ServerResponse, logger: Logger) {
  const chatId = chatOf(bot, update);
  try {
    inbox.accept({ updateId: update.update_id, chatId, payload: JSON.stringify(update) });
  } catch (error) {
    // Only the error's kind: a message could quote the update, which is a client's words.
    logger.error({ err: { name: (error as Error).name } }, "telegram inbox write failed; handling the update inline");
    await bot.handleUpdate(update);
    res.writeHead(200).end();
    return;
  }
  res.writeHead(200).end();
  void inbox.drainChat(chatId === null ? { updateId: update.update_id } : { chatId });
}

/**
 * Listens on host:port; throws a StartupError if it cannot (port taken, address not on this machine).
 * The bot must be initialised (its `botInfo` set): updates are handed to `bot.handleUpdate`.
 */
export async function startWebhookServer(bot: Bot, inbox: InboxRunner, options: WebhookServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== "POST") return answerAndClose(res, 405);
    // The secret before anything else: an unauthenticated body is never read.
    if (!carriesSecret(req, options.secret)) return answerAndClose(res, 401);
    if (announcedTooLarge(req)) return answerAndClose(res, 413);
    readUpdate(req)
      .then((update) => receive(bot, inbox, update, res, options.logger))
      .catch((error: unknown) => {
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
