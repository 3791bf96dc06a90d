/**
 * `schedule set` names what is wrong by the flag the person typed (`--quiet`, `--jitter`), never by the
 * internal key the value is stored under (`quietHours`, `jitterMinutes`), and in plain words.
 */
import { describe, expect, it } from "vitest";
import { cli, setUp, snapshot } from "../helpers/cli.js";

const internalKeys = /quietHours|jitterMinutes|activeFrom|activeUntil|\(root\)/;

describe("schedule set", () => {
  it("names the flag and says plainly what is wrong with each bad value, changing nothing", async () => {
    const c = cli();
    const { practiceId } = await setUp(c);
    const scope = ["--practice", String(practiceId)];
    const before = snapshot(c.handle);
    const cases: [string[], string][] = [
      [["--spec", "daily at 25:00"], "error: --spec: hour 25 is not between 0 and 23"],
      [
        ["--spec", "daily at 09:00", "--quiet", "25:00-08:00"],
        'error: --quiet: hour 25 is not between 0 and 23 (in "25:00")',
      ],
      [["--spec", "daily at 09:00", "--quiet", "22-08"], 'error: --quiet: must be "HH:MM-HH:MM" such as 22:00-08:00'],
      [["--spec", "daily at 09:00", "--jitter", "abc"], 'error: --jitter: must be a number, not "abc"'],
      [["--spec", "daily at 09:00", "--jitter", "1.5"], "error: --jitter: must be a whole number, not 1.5"],
      [["--spec", "daily at 09:00", "--jitter", "9999"], "error: --jitter: must be 720 or less"],
      [["--spec", "daily at 09:00", "--from", "1 May"], 'error: --from: must be a date "YYYY-MM-DD"'],
      [["--spec", "daily at 09:00", "--until", "2026-02-30"], "error: --until: is not a real date"],
      [
        ["--spec", "daily at 09:00", "--from", "2026-05-01", "--until", "2026-04-01"],
        "error: --until: must not be before the first date, 2026-05-01",
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await c.run("schedule", "set", ...scope, ...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err, argv.join(" ")).toContain(message);
      expect(result.err, argv.join(" ")).not.toMatch(internalKeys);
    }
    // Every problem at once, each under its own flag.
    const all = await c.run("schedule", "set", ...scope, "--spec", "daily at 9", "--quiet", "x", "--jitter", "-1");
    expect(all.err).toBe(
      'error: --spec: expected "daily at HH:MM", "weekly on Mon,Thu at HH:MM", "every N days at HH:MM", a 5-field cron, "after each session +24h", "before each session -1d at 18:00" or "halfway between sessions"; --quiet: must be "HH:MM-HH:MM" such as 22:00-08:00; --jitter: must be 0 or more',
    );
    expect(snapshot(c.handle)).toEqual(before);
  });

  it("describes its options by the flags it takes", async () => {
    const help = await cli().run("schedule", "set", "--help");
    expect(help.code).toBe(0);
    expect(help.out.join("\n")).toMatch(/--quiet <HH:MM-HH:MM> +never send inside this local window/);
    expect(help.out.join("\n")).not.toMatch(internalKeys);
  });
});
