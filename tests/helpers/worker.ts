/**
 * A test worker in a child process, for crash tests: node itself runs it with tsx as a loader (not the
 * tsx wrapper binary), so a SIGKILL hits the process doing the work. `done` resolves with everything
 * it printed (stdout and stderr) once it exits, however it exits.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export function startWorker(
  script: string,
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let out = "";
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const done = new Promise<string>((r) => child.on("exit", () => r(out)));
  return { child, done };
}
