/**
 * The console demo serves the web view by default and prints a login link for the demo therapist,
 * which a browser can use once; a second demo running beside it gets a free port instead of failing.
 * Real processes (the source under tsx), real HTTP on 127.0.0.1.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InterludeProcess } from "../helpers/process.js";

const running: InterludeProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    p.child.kill("SIGTERM");
    await p.exited;
  }
});

const linkLine = /Web view \(DEMO therapist\): (http:\/\/127\.0\.0\.1:(\d+))\/login\/([A-Za-z0-9_-]{43})/;

async function demo(): Promise<{ base: string; token: string }> {
  const dbPath = join(mkdtempSync(join(tmpdir(), "interlude-web-demo-")), "demo.db");
  const process = new InterludeProcess({ INTERLUDE_DB: dbPath });
  running.push(process);
  await process.waitFor(linkLine, 0, 60_000);
  const [, base = "", , token = ""] = linkLine.exec(process.stdout) ?? [];
  return { base, token };
}

/** Opens the link page, then presses its button with the page's session cookie and CSRF token. */
async function openAndPress(base: string, token: string): Promise<Response> {
  const page = await fetch(`${base}/login/${token}`);
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  return fetch(`${base}/login/${token}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
}

describe("the console demo's web view", () => {
  it("prints a working single-use login link, and a second demo gets another port", async () => {
    const first = await demo();
    const health = await fetch(`${first.base}/healthz`);
    expect(await health.json()).toEqual({ ok: true });

    const signedIn = await openAndPress(first.base, first.token);
    expect(signedIn.status).toBe(303);
    const session = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const caseload = await fetch(`${first.base}/`, { headers: { cookie: session }, redirect: "manual" });
    expect(caseload.status).toBe(200);
    const caseloadHtml = await caseload.text();
    expect(caseloadHtml).toContain("DEMO: synthetic data, not real clients");
    // The demo therapist runs the demo practice: the administrators' pages are theirs too.
    expect(caseloadHtml).toContain('href="/settings"');
    expect(caseloadHtml).toContain("DEMO Birch-2");
    // Used once: the same link again, opened afresh, is refused.
    expect((await openAndPress(first.base, first.token)).status).toBe(400);

    const second = await demo();
    expect(second.base).not.toBe(first.base);
    expect((await fetch(`${second.base}/healthz`)).status).toBe(200);
  }, 150_000);
});
