/**
 * The scene the storage-fault tests break: Interlude on a real database file (the faults are file
 * faults), a client with the risk question on and a check-in open, the therapist linked, crisis
 * replies sent directly through a dispatcher to a recording platform, and every log line captured.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { openDatabase } from "../../src/db/connection.js";
import { answers } from "../../src/db/schema.js";
import { Engine } from "../../src/engine/engine.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import { MemoryRiskSpool } from "../../src/safety/spool.js";
import { SafetyWatch } from "../../src/safety/watch.js";
import { fakeWait, RecordingSender } from "../fakes/recording-sender.js";
import { ChatUser, createHarness, prompts } from "../helpers/harness.js";
import { type SafetyScene, safetyScene } from "../helpers/safety.js";

export function storageScene() {
  const path = join(mkdtempSync(join(tmpdir(), "interlude-storage-")), "interlude.db");
  const h = createHarness(openDatabase(path));
  const logs: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void logs.push(line) });
  const sender = new RecordingSender("console", h.clock);
  const spool = new MemoryRiskSpool();
  const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, { wait: fakeWait(h.clock) });
  dispatcher.register(sender);
  h.engine = new Engine({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger, urgent: dispatcher, spool });

  const scene: SafetyScene = safetyScene(h);
  h.engine.startCheckin(scene.seeded.clientId);
  const client = scene.client;
  return {
    path,
    h,
    client,
    therapist: scene.therapist,
    seeded: scene.seeded,
    sender,
    spool,
    logs,
    dispatcher,
    watch: new SafetyWatch({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger: silentLogger, spool }),
    /** The data of the first button on the newest question the client has been sent. */
    firstButton: () => [...ChatUser.buttonsOf(client.read()).values()][0] as string,
    answerCount: () => h.handle.db.select().from(answers).all().length,
    /** What the client was sent, in order (every path: recorded, direct, unrecorded). */
    sentToClient: () => sender.sends(client.chatId).map((c) => c.text),
  };
}

export type StorageScene = ReturnType<typeof storageScene>;
