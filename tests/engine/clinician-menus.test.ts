/**
 * The engine's clinician-menu sync without any platform: a channel that records what it is asked.
 * It syncs when a platform registers (start-up) and at each tick, builds the menu from the command
 * table in the therapist's language, never runs twice at once, and logs a failing platform instead of
 * throwing, trying it again at the next tick. Telegram's channel against the fake Bot API is in
 * tests/adapters/telegram/clinician-menu.test.ts.
 */
import pino from "pino";
import { describe, expect, it } from "vitest";
import { ClinicianMenuSync, type MenuChannel, type MenuEntry } from "../../src/engine/clinician-menus.js";
import { menuCommands } from "../../src/engine/events.js";
import { enrolledClient } from "../helpers/enrolled.js";
import { ChatUser, createHarness, prompts } from "../helpers/harness.js";

class RecordingChannel implements MenuChannel {
  readonly platform = "telegram" as const;
  readonly published = new Map<string, readonly MenuEntry[]>();
  calls = 0;
  failures = 0;
  /** While set, publish waits for it: a sync that is still running. */
  gate: Promise<void> | undefined;

  canHoldMenu(): boolean {
    return true;
  }
  async publish(chatId: string, entries: readonly MenuEntry[]): Promise<void> {
    this.calls += 1;
    await this.gate;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error("platform unavailable");
    }
    this.published.set(chatId, entries);
  }
  async clear(chatId: string): Promise<"cleared"> {
    this.published.delete(chatId);
    return "cleared";
  }
}

function scene() {
  const h = createHarness();
  const { seeded } = enrolledClient(h, { user: new ChatUser(h, "1001", "1001", "telegram") });
  new ChatUser(h, "3003", "3003", "telegram").command("start", seeded.therapistCode);
  const logged: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void logged.push(line) });
  const sync = new ClinicianMenuSync({ db: h.handle.db, clock: h.clock, messages: prompts().messages, logger });
  return { h, sync, logged };
}

describe("ClinicianMenuSync", () => {
  it("publishes the clinician commands of the command table when a platform registers", async () => {
    const { sync } = scene();
    const channel = new RecordingChannel();
    sync.register(channel);
    await sync.tick();
    expect(channel.published.get("3003")?.map((entry) => entry.command)).toEqual(
      menuCommands("telegram", "clinician").map((command) => command.name),
    );
    expect(channel.published.get("3003")?.[0]?.description).toBe(prompts().messages.t("en", "menu.summary"));
    // The client's chat gets none.
    expect(channel.published.has("1001")).toBe(false);
  });

  it("does not start a second sync while one is running", async () => {
    const { sync } = scene();
    const channel = new RecordingChannel();
    let open = () => {};
    channel.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    sync.register(channel);
    const second = sync.tick();
    const third = sync.tick();
    open();
    await Promise.all([second, third]);
    expect(channel.calls).toBe(1);
  });

  it("logs a platform that fails and tries it again at the next tick", async () => {
    const { sync, logged } = scene();
    const channel = new RecordingChannel();
    channel.failures = 1;
    sync.register(channel);
    await sync.tick();
    expect(channel.published.size).toBe(0);
    expect(logged.join("")).toContain("could not update the clinicians' command menus");
    await sync.tick();
    expect([...channel.published.keys()]).toEqual(["3003"]);
  });
});
