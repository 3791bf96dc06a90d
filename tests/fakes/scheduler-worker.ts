/**
 * A child process for the crash test: ticks the scheduler once and drains the outbox through a slow
 * fake platform that appends each delivered dedupe key to a log file (fsynced, like a platform that
 * has really accepted the message). Prints "idle" and exits when nothing is left to send.
 */
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { systemClock } from "../../src/clock.js";
import { openDatabase } from "../../src/db/connection.js";
import { checkinStarter } from "../../src/engine/start-checkin.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import type { MessagePayload } from "../../src/outbox/payload.js";
import type { PlatformSender } from "../../src/outbox/sender.js";
import { loadPrompts } from "../../src/safety/safety-prompts.js";
import { Scheduler } from "../../src/schedule/scheduler.js";

const dbPath = process.env.WORKER_DB as string;
const logPath = process.env.WORKER_LOG as string;
const { db, close } = openDatabase(dbPath);
const log = openSync(logPath, "a");
let nextId = 1;

const sender: PlatformSender = {
  platform: "console",
  async send(_chatId: string, _message: MessagePayload, options: { dedupeKey: string }) {
    await new Promise((r) => setTimeout(r, 2));
    writeSync(log, `${options.dedupeKey}\n`);
    fsyncSync(log);
    return { messageId: `${process.pid}-${nextId++}` };
  },
  async edit() {},
};

const prompts = loadPrompts();
const dispatcher = new Dispatcher(db, systemClock, silentLogger);
dispatcher.register(sender, { perSecond: 10_000, perChatPerSecond: 10_000 });
const report = new Scheduler({
  db,
  clock: systemClock,
  prompts,
  start: checkinStarter(prompts),
  logger: silentLogger,
}).tick();
process.stdout.write(`tick ${JSON.stringify(report)}\n`);
await dispatcher.drain();
closeSync(log);
close();
process.stdout.write("idle\n");
