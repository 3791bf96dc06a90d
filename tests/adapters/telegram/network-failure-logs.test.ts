/**
 * A real Interlude process on Telegram whose Bot API drops the connection mid-run: every byte the
 * process prints (stdout and stderr) is captured and must not contain the bot token or its secret part,
 * while a cleaned message about the failed fetch is logged through pino. Before the fix, the grammY
 * runner printed the failing request's URL, token included, to stderr.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeBotApi } from "../../fakes/telegram/fake-bot-api.js";
import { InterludeProcess } from "../../helpers/process.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Shaped like a real token from @BotFather: a bot id, a colon and a 35-character secret. */
const secret = "AAF3kZq9_Lw-7pRt2mNvXc8YbHs4JdQe5Gu";
const token = `7212345678:${secret}`;
const dropped = 3;

async function waitUntil(condition: () => boolean, what: () => string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("a Bot API that drops the connection", () => {
  it("never gets the token printed, and is logged as a cleaned network failure", async () => {
    expect(secret).toHaveLength(35);
    const fake = await FakeBotApi.start({ token });
    cleanups.push(() => fake.close());
    const dbPath = join(mkdtempSync(join(tmpdir(), "interlude-tgdrop-")), "tg.db");
    const bot = new InterludeProcess({
      INTERLUDE_DB: dbPath,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      LOG_LEVEL: "info",
    });
    cleanups.push(() => {
      if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    });
    const printed = () => `stdout:\n${bot.stdout}\nstderr:\n${bot.stderr}`;

    // Mid-run: polling has started; the next polls are accepted and then cut off.
    await fake.waitFor(() => fake.callsTo("getUpdates").length > 0, 20_000);
    fake.dropNext("getUpdates", dropped);
    fake.user(1001).send("hello"); // ends the current long poll, so the next ones are the dropped ones
    // The runner retries after each drop and then polls normally again.
    await fake.waitFor(() => fake.callsTo("getUpdates").length > dropped + 1, 20_000);
    await waitUntil(() => bot.stderr.split("fetching updates failed").length > dropped, printed);

    bot.child.kill("SIGTERM");
    expect((await bot.exited).code).toBe(0);

    const everything = bot.stdout + bot.stderr;
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(secret);
    const failures = bot.stderr
      .split("\n")
      .filter((line) => line.includes("fetching updates failed"))
      .map((line) => JSON.parse(line) as { level: number; msg: string; err: { name: string; reason: string } });
    expect(failures).toHaveLength(dropped);
    for (const failure of failures) {
      expect(failure.msg).toBe("telegram: fetching updates failed");
      expect(failure.err.name).toBe("HttpError");
      expect(failure.err.reason).toContain("/bot<redacted>/getUpdates");
    }
    // The runner's own console output is silenced, not merely cleaned.
    expect(everything).not.toContain("[grammY runner]");
  }, 60_000);
});
