/**
 * A one-line progress bar on stderr for long CLI jobs (a large export). Only on a terminal: piped or
 * captured output (scripts, tests, logs) never sees it. Hand-written rather than `cli-progress`,
 * because one redrawn line with a throttle is all that is needed.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const silent: Progress = { update: () => undefined, finish: () => undefined };
const width = 30;
const redrawEveryMs = 100;

export function terminalProgress(
  label: string,
  stream: { isTTY?: boolean; write(text: string): unknown } = process.stderr,
  clock: () => number = Date.now,
): Progress {
  if (!stream.isTTY) return silent;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(done, total) {
      const now = clock();
      if (now - lastDraw < redrawEveryMs && done < total) return;
      lastDraw = now;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * width);
      stream.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.round(share * 100)}% (${done}/${total})`,
      );
      drawn = true;
    },
    finish() {
      // Clear the line so the result that follows starts clean.
      if (drawn) stream.write("\r\u001b[2K");
    },
  };
}
