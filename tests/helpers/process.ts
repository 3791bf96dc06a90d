/**
 * Runs Interlude's program as a real child process with piped stdin/stdout, for tests that type into
 * the console chat and kill the process: straight from source under tsx (no build needed), or the
 * built dist/src/main.js exactly as `npm start` runs it (`builtEntry`, after `buildDist()`).
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { resolve } from "node:path";
import { startArgs } from "../../scripts/start-args.mjs";

const root = resolve(import.meta.dirname, "../..");

/** node itself with tsx as a loader (not the tsx wrapper binary), so a SIGKILL hits Interlude. */
export const sourceEntry = ["--import", "tsx", "src/main.ts"];
/** What `npm start` runs after its build step, flags and all. */
export const builtEntry = startArgs(root);

/** `npm start`'s build step (scripts/build.mjs), into the checkout's dist/. */
export function buildDist(): void {
  execFileSync(process.execPath, ["scripts/build.mjs", "--quiet"], { cwd: root });
}

export class InterludeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private output = "";
  private errors = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>, entry: string[] = sourceEntry) {
    this.child = spawn(process.execPath, entry, {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    });
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.output += chunk.toString("utf8");
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.errors += chunk.toString("utf8");
    });
    this.exited = new Promise((done) => this.child.on("exit", (code, signal) => done({ code, signal })));
  }

  get stdout(): string {
    return this.output;
  }

  get stderr(): string {
    return this.errors;
  }

  /** Waits until stdout (from `from` on) contains `text`; fails with the output so far after `ms`. */
  async waitFor(text: string | RegExp, from = 0, ms = 20_000): Promise<number> {
    const deadline = Date.now() + ms;
    for (;;) {
      const rest = this.output.slice(from);
      const index = typeof text === "string" ? rest.indexOf(text) : rest.search(text);
      if (index >= 0) return from + index;
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`did not see ${String(text)}; stdout:\n${this.output}\nstderr:\n${this.errors}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  type(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }
}
