/**
 * axe-core on a page open in the browser: no violation of impact "serious" or "critical" is allowed.
 * The pages' Content-Security-Policy forbids every script that is not ours (no inline, no `'self'`
 * script at all), so axe cannot arrive in a <script> tag. Its source is evaluated through the DevTools
 * protocol instead (playwright's `page.evaluate`), which the page's CSP does not govern; the page under
 * test keeps its real policy, and nothing is relaxed for the rest of the test.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, Result } from "axe-core";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

function source(): string {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/** Impacts that fail a page; "minor" and "moderate" ones are reported by axe but allowed here. */
const failing = new Set(["serious", "critical"]);

export async function axeViolations(page: Page): Promise<Result[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(source());
  const results = await page.evaluate(async () => {
    // WCAG 2.1 A and AA, the issue's bar, plus axe's best practices (landmarks, one h1, skip link).
    const axe = (window as unknown as { axe: { run(options: unknown): Promise<AxeResults> } }).axe;
    return axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
  });
  return results.violations.filter((v) => failing.has(v.impact ?? ""));
}

/** The violations as lines a failing test can print: rule, impact, help, and each node's selector. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")} — ${n.failureSummary ?? ""}`).join("\n")}`,
    )
    .join("\n");
}

/** Fails the test on any serious or critical violation on the page, naming each one. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}
