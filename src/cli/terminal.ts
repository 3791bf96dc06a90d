/**
 * Asking the person at the terminal. Kept apart so commands can tell a person from a script (only a
 * person is asked; a script must say `--yes`) and tests can stand in for the person.
 */
import { createInterface } from "node:readline/promises";

export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Shows `question` on stderr and returns the line typed (empty if input ends first). */
export async function askLine(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    // Ctrl-D closes the interface without an answer: that is "no".
    return await new Promise<string>((resolve) => {
      rl.once("close", () => resolve(""));
      rl.question(question).then(resolve, () => resolve(""));
    });
  } finally {
    rl.close();
  }
}
