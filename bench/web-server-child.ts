/**
 * The server side of B7b, in its own process so the load generator in the bench process does not take
 * its CPU: `ours <db>` starts the real web view (every plugin: helmet, cookies, sessions, CSRF, rate
 * limits) on the database at <db>; `bare` starts a Fastify with one route returning the same body.
 * Both listen on 127.0.0.1 on a free port, print {"port": n} and run until stdin closes.
 */
import Fastify from "fastify";
import { systemClock } from "../src/clock.js";
import { openDatabase } from "../src/db/connection.js";
import { silentLogger } from "../src/logger.js";
import { loadPrompts } from "../src/safety/safety-prompts.js";
import { startWeb } from "../src/web/start-web.js";

const [mode, dbPath] = process.argv.slice(2);
let stop: () => Promise<void>;
let port: number;

if (mode === "ours") {
  const handle = openDatabase(dbPath as string);
  const web = await startWeb(
    {
      db: handle.db,
      clock: systemClock,
      prompts: loadPrompts(),
      logger: silentLogger,
      onQueued: () => undefined,
      publicUrl: "http://127.0.0.1",
    },
    { host: "127.0.0.1", port: 0 },
  );
  port = web.port;
  stop = async () => {
    await web.stop();
    handle.close();
  };
} else if (mode === "bare") {
  const app = Fastify({ logger: false });
  app.get("/healthz", async (_request, reply) => reply.type("application/json").send('{"ok":true}'));
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  port = typeof address === "object" && address ? address.port : 0;
  stop = () => app.close();
} else {
  throw new Error(`usage: web-server-child.ts ours <db> | bare (got ${mode})`);
}

process.stdout.write(`${JSON.stringify({ port })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void stop().then(() => process.exit(0)));
