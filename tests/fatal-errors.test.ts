/**
 * An error nothing caught, in a real process: Node would print it raw (stack and properties, token
 * included); with the handlers installed it is printed cleaned and the process still exits with 1.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const telegramSecret = "AAF3kZq9_Lw-7pRt2mNvXc8YbHs4JdQe5Gu";
const telegramToken = `7212345678:${telegramSecret}`;
const webhookSecret = "my-webhook-secret-4f9a2c";

/** Runs `failure` (JavaScript) after installing the handlers with a redactor for the webhook secret. */
function crash(failure: string) {
  const script = `
    import { exitOnUncaughtErrors } from "./src/fatal-errors.ts";
    import { createRedactor } from "./src/redact.ts";
    exitOnUncaughtErrors(createRedactor([${JSON.stringify(webhookSecret)}]));
    ${failure}
  `;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "" },
    encoding: "utf8",
  });
  return { code: run.status, printed: run.stdout + run.stderr };
}

const failing = `Object.assign(new Error("request to https://api.telegram.org/bot${telegramToken}/getMe failed"), { secret: "${webhookSecret}" })`;

describe("uncaught errors", () => {
  it("are printed cleaned, stack included, and still exit with 1", () => {
    const { code, printed } = crash(`setTimeout(() => { throw ${failing}; }, 0);`);
    expect(code).toBe(1);
    expect(printed).toContain(
      "Interlude stopped on an uncaught exception: Error: request to https://api.telegram.org/bot<redacted>/getMe failed",
    );
    expect(printed).toContain("    at ");
    expect(printed).not.toContain(telegramSecret);
    expect(printed).not.toContain(webhookSecret);
  }, 30_000);

  it("includes unhandled promise rejections", () => {
    const { code, printed } = crash(`Promise.reject(new Error("rejected with ${webhookSecret}"));`);
    expect(code).toBe(1);
    expect(printed).toContain("Interlude stopped on an unhandled promise rejection: Error: rejected with <redacted>");
    expect(printed).not.toContain(webhookSecret);
  }, 30_000);
});
