/**
 * Starts `npm start`'s program (plain node, with the start script's flags, on the built
 * dist/src/main.js; the caller builds first) as a real child process and times it from spawn to a
 * ready signal in its output, then reads its resident memory after an idle pause. The clock starts
 * before spawn, so node's own start and every import count.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startArgs } from "../scripts/start-args.mjs";

const root = resolve(import.meta.dirname, "..");

export interface StartOptions {
  env: Record<string, string>;
  /** True once the output so far (stdout and stderr) shows the program ready. */
  ready: (stdout: string, stderr: string) => boolean;
  /** Typed into stdin right after spawn (the console demo's replies), if any. */
  input?: (stdout: string) => string | undefined;
  /** Idle wait after ready before RSS is read; 0 skips the reading. */
  idleMs: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  timeoutMs?: number;
}

export interface StartResult {
  readyMs: number;
  /** VmRSS after the idle wait, bytes (undefined when not read). */
  idleRss?: number;
}

function vmRss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  if (!line?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(line[1]) * 1024;
}

export async function timeStart(options: StartOptions): Promise<StartResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...startArgs(root)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env },
  });
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  let stdout = "";
  let stderr = "";
  try {
    const readyMs = await new Promise<number>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`not ready in time; stdout:\n${stdout}\nstderr:\n${stderr}`)),
        options.timeoutMs ?? 30_000,
      );
      const check = () => {
        if (!options.ready(stdout, stderr)) return;
        clearTimeout(timer);
        done(performance.now() - started);
      };
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
        const line = options.input?.(stdout);
        if (line !== undefined) child.stdin.write(`${line}\n`);
        check();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
        check();
      });
      child.on("exit", (code) => fail(new Error(`exited (${code}) before ready; stderr:\n${stderr}`)));
    });
    if (options.idleMs === 0 || child.pid === undefined) return { readyMs };
    await new Promise((r) => setTimeout(r, options.idleMs));
    return { readyMs, idleRss: vmRss(child.pid) };
  } finally {
    // SIGTERM: main's own clean shutdown, so a --cpu-prof profile is written.
    child.kill("SIGTERM");
    await exited;
  }
}
