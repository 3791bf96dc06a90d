/**
 * Webhook mode, against the real HTTP server startTelegram opens: Interlude registers its URL and
 * secret with Telegram, listens on TELEGRAM_WEBHOOK_HOST only (loopback by default, behind a TLS
 * proxy), accepts an update only when it carries the secret in X-Telegram-Bot-Api-Secret-Token,
 * refuses a body over 1 MB without reading it (413) and a body that is not an update with 400. A
 * valid update is in the inbox (committed) before the 200, and handled after it; if the inbox cannot
 * take it, it is handled before the answer, as it would be without an inbox.
 */
import { mkdtempSync } from "node:fs";
import { ServerResponse } from "node:http";
import { connect, createServer } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startTelegram } from "../../../adapters/telegram/start.js";
import { type App, adapterPort, createApp } from "../../../src/app.js";
import { systemClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import { processedUpdates, telegramInbox } from "../../../src/db/schema.js";
import { silentLogger } from "../../../src/logger.js";
import { StartupError } from "../../../src/startup-error.js";
import { FakeBotApi } from "../../fakes/telegram/fake-bot-api.js";
import { freePort } from "../../helpers/free-port.js";
import { lockFile } from "../../helpers/write-lock.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const secret = "s3cret-token-of-twenty-chars";
const megabyte = 1024 * 1024;

/** An address of this machine that is not loopback, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i?.family === "IPv4" && !i.internal)?.address;

/** Interlude in webhook mode against a fake Bot API, on a free port; stopped after the test. */
async function startWebhook(env: Record<string, string> = {}): Promise<{ app: App; port: number; fake: FakeBotApi }> {
  const fake = await FakeBotApi.start();
  cleanups.push(() => fake.close());
  const port = await freePort();
  const app = createApp(
    loadConfig({
      INTERLUDE_DB: join(mkdtempSync(join(tmpdir(), "interlude-wh-")), "wh.db"),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://interlude.example.org/telegram",
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_WEBHOOK_PORT: String(port),
      ...env,
    }),
    systemClock,
    silentLogger,
  );
  const telegram = await startTelegram(adapterPort(app), app.config).catch((error: unknown) => {
    app.database.close();
    throw error;
  });
  cleanups.push(async () => {
    await telegram.stop();
    app.database.close();
  });
  return { app, port, fake };
}

function update(updateId: number, text = "hi") {
  return {
    update_id: updateId,
    message: {
      message_id: 1,
      date: 0,
      chat: { id: 1001, type: "private" },
      from: { id: 1001, is_bot: false, first_name: "A" },
      text,
    },
  };
}

function post(port: number, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret, ...headers },
    // preact's JSX types bring in the DOM's BodyInit, which does not list Node's Uint8Array.
    body: body as BodyInit,
  });
}

function processed(app: App) {
  return app.database.db.select().from(processedUpdates).all();
}

function inbox(app: App) {
  return app.database.db.select().from(telegramInbox).all();
}

/** Handling follows the answer, so what it did is waited for (with a generous bound for a busy machine). */
const handled = (app: App, count: number) =>
  vi.waitFor(() => expect(processed(app)).toHaveLength(count), { timeout: 15_000, interval: 20 });

/**
 * Sends `head` (and then `body`) on a raw socket and resolves with the HTTP status the server answers,
 * as soon as it answers, whether or not it has read everything sent; rejects if it has not answered
 * after `patienceMs` (it is waiting for more of the body).
 */
function rawStatus(port: number, head: string, body: Buffer[] = [], patienceMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer after ${patienceMs} ms`));
    }, patienceMs);
    socket.on("data", (data) => {
      received += data.toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (!status) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(Number(status[1]));
    });
    // Writes after the server has answered and closed may fail; the answer is what counts.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      if (!/^HTTP\/1\.1 \d{3}/.test(received)) reject(new Error("closed without an answer"));
    });
    socket.write(head);
    for (const chunk of body) socket.write(chunk);
  });
}

/** Whether anything accepts a TCP connection at host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("Telegram webhook mode", () => {
  it("registers the webhook with its secret and rejects calls without it", async () => {
    const fake = await FakeBotApi.start();
    cleanups.push(() => fake.close());
    const port = await freePort();
    const app = createApp(
      loadConfig({
        INTERLUDE_DB: join(mkdtempSync(join(tmpdir(), "interlude-wh-")), "wh.db"),
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: "https://interlude.example.org/telegram",
        TELEGRAM_WEBHOOK_SECRET: secret,
        TELEGRAM_WEBHOOK_PORT: String(port),
      }),
      systemClock,
      silentLogger,
    );
    const telegram = await startTelegram(adapterPort(app), app.config);
    cleanups.push(async () => {
      await telegram.stop();
      app.database.close();
    });

    const registered = fake.callsTo("setWebhook").at(-1)?.body;
    expect(registered).toMatchObject({ url: "https://interlude.example.org/telegram", secret_token: secret });
    expect(fake.callsTo("getUpdates")).toHaveLength(0);

    const body = JSON.stringify(update(501));
    expect((await post(port, body, { "X-Telegram-Bot-Api-Secret-Token": "" })).status).toBe(401);
    expect((await post(port, body, { "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-of-twenty-chars" })).status).toBe(
      401,
    );
    expect(processed(app)).toHaveLength(0);

    expect((await post(port, body)).status).toBe(200);
    await handled(app, 1);
    expect(processed(app)).toEqual([expect.objectContaining({ platform: "telegram", updateId: "501" })]);
  });

  it("listens on loopback only by default", async () => {
    const { port } = await startWebhook();
    expect(await accepts("127.0.0.1", port)).toBe(true);
    if (outsideAddress) expect(await accepts(outsideAddress, port)).toBe(false);
  });

  it.skipIf(!outsideAddress)("listens on TELEGRAM_WEBHOOK_HOST when it is set, and only there", async () => {
    const host = outsideAddress as string;
    const { app, port } = await startWebhook({ TELEGRAM_WEBHOOK_HOST: host });
    expect(await accepts(host, port)).toBe(true);
    expect(await accepts("127.0.0.1", port)).toBe(false);
    const answer = await fetch(`http://${host}:${port}/`, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
      body: JSON.stringify(update(601)),
    });
    expect(answer.status).toBe(200);
    await handled(app, 1);
  });

  it("stops start-up with a clear message when the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const { port } = taken.address() as { port: number };
    const failure = await startWebhook({ TELEGRAM_WEBHOOK_PORT: String(port) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as Error).message).toBe(
      `telegram: cannot listen for the webhook on 127.0.0.1:${port} (EADDRINUSE)`,
    );
  });

  it("answers 413 to a 2 MB body announced by Content-Length, before any of it is sent", async () => {
    const { app, port } = await startWebhook();
    const head = [
      "POST / HTTP/1.1",
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      `X-Telegram-Bot-Api-Secret-Token: ${secret}`,
      `Content-Length: ${2 * megabyte}`,
      "",
      "",
    ].join("\r\n");
    expect(await rawStatus(port, head)).toBe(413);
    expect(processed(app)).toHaveLength(0);
    // The server is still there for real updates.
    expect((await post(port, JSON.stringify(update(701)))).status).toBe(200);
  }, 60_000);

  it("answers 413 to a 2 MB chunked body once 1 MB has arrived, without waiting for the rest", async () => {
    const { app, port } = await startWebhook();
    const head = [
      "POST / HTTP/1.1",
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      `X-Telegram-Bot-Api-Secret-Token: ${secret}`,
      "Transfer-Encoding: chunked",
      "",
      "",
    ].join("\r\n");
    // The first 1 MB + 64 KB of a 2 MB body, in 64 KB chunks; the rest is never sent, so only a
    // server that stops reading at the limit can answer.
    const piece = 64 * 1024;
    const chunk = Buffer.concat([
      Buffer.from(`${piece.toString(16)}\r\n`),
      Buffer.alloc(piece, 0x20),
      Buffer.from("\r\n"),
    ]);
    const chunks = Array.from({ length: megabyte / piece + 1 }, () => chunk);
    expect(await rawStatus(port, head, chunks)).toBe(413);
    expect(processed(app)).toHaveLength(0);
    expect((await post(port, JSON.stringify(update(702)))).status).toBe(200);
  }, 60_000);

  it("answers a 2 MB body sent in full by an ordinary client with 413", async () => {
    const { app, port } = await startWebhook();
    const status = await post(port, " ".repeat(2 * megabyte)).then(
      (answer) => answer.status,
      // The server may close the connection while the client is still sending.
      () => 413,
    );
    expect(status).toBe(413);
    expect(processed(app)).toHaveLength(0);
  }, 60_000);

  it("accepts an update just under 1 MB", async () => {
    const { app, port } = await startWebhook();
    const body = JSON.stringify(update(801));
    const padded = body + " ".repeat(megabyte - Buffer.byteLength(body));
    expect((await post(port, padded)).status).toBe(200);
    await handled(app, 1);
    expect(processed(app)).toEqual([expect.objectContaining({ updateId: "801" })]);
  }, 60_000);

  it("answers 400, not 500, to a body that is not an update, and keeps serving", async () => {
    const { app, port } = await startWebhook();
    expect((await post(port, '{"update_id": 9, "message": ')).status).toBe(400);
    expect((await post(port, "")).status).toBe(400);
    expect((await post(port, "[1, 2]")).status).toBe(400);
    expect((await post(port, "null")).status).toBe(400);
    expect((await post(port, '{"message": {}}')).status).toBe(400);
    const notUtf8 = Buffer.concat([
      Buffer.from('{"update_id": 10, "x": "'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    expect((await post(port, notUtf8)).status).toBe(400);
    expect(processed(app)).toHaveLength(0);
    expect((await post(port, JSON.stringify(update(901)))).status).toBe(200);
    await handled(app, 1);
    expect(processed(app)).toEqual([expect.objectContaining({ updateId: "901" })]);
  });

  it("checks the secret before the body: a wrong secret gets 401 whatever is sent", async () => {
    const { app, port } = await startWebhook();
    const wrong = { "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-of-twenty-chars" };
    expect((await post(port, "not json", wrong)).status).toBe(401);
    expect((await post(port, JSON.stringify(update(902)), wrong)).status).toBe(401);
    const { "X-Telegram-Bot-Api-Secret-Token": _secret, ...withoutSecret } = { "X-Telegram-Bot-Api-Secret-Token": "" };
    const missing = await fetch(`http://127.0.0.1:${port}/`, {
      method: "POST",
      headers: { "content-type": "application/json", ...withoutSecret },
      body: JSON.stringify(update(903)),
    });
    expect(missing.status).toBe(401);
    // A secret that only starts like the real one is as wrong as any other.
    expect(
      (await post(port, JSON.stringify(update(904)), { "X-Telegram-Bot-Api-Secret-Token": secret.slice(0, -1) }))
        .status,
    ).toBe(401);
    expect(processed(app)).toHaveLength(0);
    expect(inbox(app)).toHaveLength(0);
  });

  it("has the update committed in the inbox before it answers 200, then handles it and empties the row", async () => {
    const { app, port } = await startWebhook();
    // Read through a connection of its own, as another worker would, at the moment the status is written.
    const reader = new Database(app.config.INTERLUDE_DB, { readonly: true });
    cleanups.push(async () => {
      reader.close();
    });
    const storedAt200: unknown[] = [];
    const writeHead = ServerResponse.prototype.writeHead;
    vi.spyOn(ServerResponse.prototype, "writeHead").mockImplementation(function (this: ServerResponse, ...args) {
      if (args[0] === 200) storedAt200.push(reader.prepare("select update_id from telegram_inbox").all());
      return writeHead.apply(this, args as Parameters<typeof writeHead>);
    });

    expect((await post(port, JSON.stringify(update(1101)))).status).toBe(200);
    expect(storedAt200).toEqual([[{ update_id: 1101 }]]);
    await handled(app, 1);
    await vi.waitFor(() =>
      expect(inbox(app)).toMatchObject([{ updateId: 1101, chatId: "1001", payload: "", attempts: 1 }]),
    );
  });

  it("stores a re-delivered update once and acts on it once", async () => {
    const { app, port } = await startWebhook();
    expect((await post(port, JSON.stringify(update(1201)))).status).toBe(200);
    expect((await post(port, JSON.stringify(update(1201)))).status).toBe(200);
    await handled(app, 1);
    await vi.waitFor(() => expect(inbox(app)).toMatchObject([{ updateId: 1201, payload: "" }]));
  });

  it("handles the update before answering when the inbox cannot take it", async () => {
    const { app, port } = await startWebhook();
    app.database.sqlite.exec("drop table telegram_inbox");
    expect((await post(port, JSON.stringify(update(1301)))).status).toBe(200);
    // Inline: already handled when the answer arrives, no waiting.
    expect(processed(app)).toEqual([expect.objectContaining({ updateId: "1301" })]);
  });

  it("still answers a disclosure with the crisis reply when another process holds the write lock", async () => {
    const { app, port, fake } = await startWebhook();
    const lock = lockFile(app.config.INTERLUDE_DB);
    cleanups.push(async () => {
      if (lock.child.exitCode === null) lock.child.stdin.write("release\n");
    });
    await lock.line("locked");
    const answer = await post(port, JSON.stringify(update(1401, "I want to kill myself")));
    // The inbox waited only briefly for the lock, then the update was handled inline before the answer.
    expect(answer.status).toBe(200);
    expect(lock.child.exitCode).toBeNull();
    const crisisReply = () =>
      fake
        .callsTo("sendMessage")
        .some((call) => call.body.chat_id === "1001" && String(call.body.text).includes("emergency number"));
    await fake.waitFor(() => crisisReply() || lock.child.exitCode !== null, 15_000);
    // It left while the lock was still held: neither the inbox nor the engine waited the lock out.
    expect(crisisReply()).toBe(true);
    expect(lock.child.exitCode).toBeNull();
    expect(inbox(app)).toHaveLength(0);
  }, 30_000);
});
