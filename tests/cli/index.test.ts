/**
 * The CLI entry prints nothing secret: an error that quotes a bot token, a Discord token or the
 * configured webhook secret (here, commander echoing a mistyped argument) is printed cleaned, with the
 * same exit code. Runs the real entry as a child process, since the cleaning happens there.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const telegramToken = "7212345678:AAF3kZq9_Lw-7pRt2mNvXc8YbHs4JdQe5Gu";
const discordToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhT2kq.Zk3vQx9LmN0pR7sT1uW4yA6bC8dE2fG5hJ1kL";
const webhookSecret = "my-webhook-secret-4f9a2c";

function cli(args: string[], env: Record<string, string> = {}) {
  const db = join(mkdtempSync(join(tmpdir(), "interlude-cli-index-")), "x.db");
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", INTERLUDE_DB: db, ...env },
    encoding: "utf8",
  });
  return { code: run.status, printed: run.stdout + run.stderr };
}

describe("CLI errors", () => {
  it("never print a bot token, its secret part, or a Discord token, and keep the exit code", () => {
    for (const quoted of [`bot${telegramToken}`, telegramToken, discordToken]) {
      const { code, printed } = cli([quoted]);
      expect(code).toBe(2);
      expect(printed).toContain("error: unknown command '");
      expect(printed).toContain("<redacted>");
      expect(printed).not.toContain(telegramToken.split(":")[1]);
      expect(printed).not.toContain(discordToken);
    }
  }, 60_000);

  it("never print the webhook secret the process was given", () => {
    const { code, printed } = cli([webhookSecret], { TELEGRAM_WEBHOOK_SECRET: webhookSecret });
    expect(code).toBe(2);
    expect(printed).toContain("error: unknown command '<redacted>'");
    expect(printed).not.toContain(webhookSecret);
  }, 60_000);
});
