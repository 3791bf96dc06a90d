/**
 * A child process for the summary crash test: runs one weekly-summary pass on a file database at the
 * time given in WORKER_NOW. With WORKER_HANG set, chart drawing prints "drawing" and never finishes,
 * so the test can kill the process in the middle of a summary; otherwise it prints the pass's report.
 */
import { FakeClock } from "../../src/clock.js";
import { openDatabase } from "../../src/db/connection.js";
import type { ChartRenderer } from "../../src/insights/charts.js";
import { WeeklyDelivery } from "../../src/insights/weekly-delivery.js";
import { silentLogger } from "../../src/logger.js";
import { loadPrompts } from "../../src/safety/safety-prompts.js";

const hang = process.env.WORKER_HANG === "1";
const png = new Uint8Array([137, 80, 78, 71]);
const renderer: ChartRenderer = {
  client: async () => png,
  overview: async () => {
    if (!hang) return png;
    process.stdout.write("drawing\n");
    return new Promise<Uint8Array>(() => undefined);
  },
};
const { db, close } = openDatabase(process.env.WORKER_DB as string);
const delivery = new WeeklyDelivery({
  db,
  clock: new FakeClock(process.env.WORKER_NOW as string),
  prompts: loadPrompts(),
  logger: silentLogger,
  renderer,
});
const report = await delivery.tick();
process.stdout.write(`report ${JSON.stringify(report)}\n`);
close();
