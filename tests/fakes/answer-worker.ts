/**
 * A child process for the crash-with-answers test: presses the first button of every client's current
 * question through the engine, round after round, and drains the outbox through a fake platform that
 * appends each delivered message to an fsynced log. Before handling an event it appends the event to
 * the intent log; after handle() returns, its update id to the ack log (both fsynced), so the parent
 * knows exactly which answers the "platform" was told were taken. On start it first re-sends what a
 * crash interrupted, replays every intent that was never acknowledged, and replays a few acknowledged
 * ones to show that a re-delivered update changes nothing. Prints "idle" when every check-in is done.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import { and, asc, eq } from "drizzle-orm";
import { systemClock } from "../../src/clock.js";
import { openDatabase } from "../../src/db/connection.js";
import { identities, occurrences, outbox } from "../../src/db/schema.js";
import { Engine } from "../../src/engine/engine.js";
import type { InboundEvent } from "../../src/engine/events.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import { choiceDataSchema, type MessagePayload, type OutboundPayload } from "../../src/outbox/payload.js";
import type { PlatformSender } from "../../src/outbox/sender.js";
import { loadPrompts } from "../../src/safety/safety-prompts.js";

const env = (name: string) => process.env[name] as string;
const { db, close } = openDatabase(env("WORKER_DB"));
const delivered = openSync(env("WORKER_DELIVERED"), "a");
const intents = openSync(env("WORKER_INTENTS"), "a");
const acks = openSync(env("WORKER_ACKS"), "a");

/** One line, written and fsynced: once this returns the line survives a kill -9. */
function appendLine(fd: number, line: string): void {
  writeSync(fd, `${line}\n`);
  fsyncSync(fd);
}

/** Whole lines only: a kill cannot tear a small single write, but be safe about a final partial line. */
function lines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  return text
    .slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter(Boolean);
}

let nextMessageId = 1;
const sender: PlatformSender = {
  platform: "console",
  async send(_chatId: string, _message: MessagePayload, options: { dedupeKey: string }) {
    // A slow platform, so kills also land while messages are in flight.
    await new Promise((r) => setTimeout(r, 1));
    appendLine(delivered, options.dedupeKey);
    return { messageId: `${process.pid}-${nextMessageId++}` };
  },
  async edit(chatId: string, messageId: string) {
    // Each question's message is edited once (to show the answer), so this names the edit's row.
    appendLine(delivered, `edit:${chatId}:${messageId}`);
  },
};

const engine = new Engine({ db, clock: systemClock, prompts: loadPrompts(), logger: silentLogger });
const dispatcher = new Dispatcher(db, systemClock, silentLogger);
dispatcher.register(sender, { perSecond: 100_000, perChatPerSecond: 100_000 });

function handleLogged(event: InboundEvent): void {
  appendLine(intents, JSON.stringify(event));
  const outcome = engine.handle(event);
  // Only a committed event may be acknowledged; anything else would be a lost answer.
  if (outcome !== "handled" && outcome !== "duplicate") throw new Error(`${event.updateId}: ${outcome}`);
  appendLine(acks, event.updateId);
}

/** The next press for one client: the first button of the newest delivered message that has any. */
function nextPress(identity: typeof identities.$inferSelect): InboundEvent | undefined {
  const rows = db
    .select()
    .from(outbox)
    .where(and(eq(outbox.chatId, identity.chatId), eq(outbox.status, "sent")))
    .orderBy(asc(outbox.id))
    .all();
  const withButtons = rows
    .map((r) => r.payload as OutboundPayload)
    .filter((p) => p.kind === "message" && (p.choices?.length ?? 0) > 0)
    .at(-1);
  const data = withButtons?.kind === "message" ? withButtons.choices?.[0]?.[0]?.data : undefined;
  if (!data) return undefined;
  const { setId } = choiceDataSchema.parse(data);
  return {
    platform: "console",
    platformUserId: identity.platformUserId,
    chatId: identity.chatId,
    // One update per question, as a platform would give one id per press.
    updateId: `${identity.chatId}:${setId}`,
    payload: { type: "choice", data },
  };
}

await dispatcher.drain();

const acknowledged = new Set(lines(env("WORKER_ACKS")));
const logged = lines(env("WORKER_INTENTS")).map((l) => JSON.parse(l) as InboundEvent);
for (const event of logged.filter((e) => !acknowledged.has(e.updateId))) {
  handleLogged(event);
  process.stdout.write(`replayed ${event.updateId}\n`);
}
for (const event of logged.filter((e) => acknowledged.has(e.updateId)).slice(-5)) {
  process.stdout.write(`re-delivered ${event.updateId} ${engine.handle(event)}\n`);
}
await dispatcher.drain();

// Five questions each; a bound turns a stuck check-in into a failure instead of a hang.
for (let round = 0; ; round += 1) {
  if (round > 20) throw new Error("check-ins did not finish");
  const open = db
    .select({ identity: identities })
    .from(identities)
    .innerJoin(occurrences, and(eq(occurrences.clientId, identities.clientId), eq(occurrences.status, "open")))
    .all();
  if (open.length === 0) break;
  for (const { identity } of open) {
    const event = nextPress(identity);
    if (event) handleLogged(event);
  }
  await dispatcher.drain();
}

for (const fd of [delivered, intents, acks]) closeSync(fd);
close();
process.stdout.write("idle\n");
