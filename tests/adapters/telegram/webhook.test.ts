/**
 * Webhook mode: Interlude registers its URL and secret with Telegram and accepts an update only when
 * it carries the secret in X-Telegram-Bot-Api-Secret-Token.
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTelegram } from "../../../adapters/telegram/start.js";
import { createApp } from "../../../src/app.js";
import { systemClock } from "../../../src/clock.js";
import { loadConfig } from "../../../src/config.js";
import { processedUpdates } from "../../../src/db/schema.js";
import { silentLogger } from "../../../src/logger.js";
import { FakeBotApi } from "../../fakes/telegram/fake-bot-api.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("Telegram webhook mode", () => {
  it("registers the webhook with its secret and rejects calls without it", async () => {
    const fake = await FakeBotApi.start();
    cleanups.push(() => fake.close());
    const port = await freePort();
    const secret = "s3cret-token-of-twenty-chars";
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
    const telegram = await startTelegram(app);
    cleanups.push(async () => {
      await telegram.stop();
      app.database.close();
    });

    const registered = fake.callsTo("setWebhook").at(-1)?.body;
    expect(registered).toMatchObject({ url: "https://interlude.example.org/telegram", secret_token: secret });
    expect(fake.callsTo("getUpdates")).toHaveLength(0);

    const update = {
      update_id: 501,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 1001, type: "private" },
        from: { id: 1001, is_bot: false, first_name: "A" },
        text: "hi",
      },
    };
    const post = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(update),
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-of-twenty-chars" })).status).toBe(401);
    expect(app.database.db.select().from(processedUpdates).all()).toHaveLength(0);

    expect((await post({ "X-Telegram-Bot-Api-Secret-Token": secret })).status).toBe(200);
    expect(app.database.db.select().from(processedUpdates).all()).toEqual([
      expect.objectContaining({ platform: "telegram", updateId: "501" }),
    ]);
  });
});
