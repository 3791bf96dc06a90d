/**
 * A child process for the backup test: writes check-ins to WRITER_DB as fast as it can, each one an
 * occurrence and its four answers in one transaction (so a consistent copy holds four answers per
 * check-in), the way the running bot writes beside a backup taken from the CLI. Prints "writing" after
 * the first commit and goes on until it is killed.
 */
import { openDatabase } from "../../src/db/connection.js";
import { recordCheckin } from "../helpers/history.js";

const { db } = openDatabase(process.env.WRITER_DB as string);
const clientId = Number(process.env.WRITER_CLIENT);
const start = Date.parse("2026-01-05T09:00:00Z");

for (let n = 0; ; n += 1) {
  db.transaction((tx) => {
    recordCheckin(tx, clientId, new Date(start + n * 60_000), [1, 2, 3, 4]);
  });
  // Synchronous on a pipe (Linux), so the parent sees it while this loop runs on.
  if (n === 0) process.stdout.write("writing\n");
}
