/**
 * A worker that watches the tick role and prints each change ("role tick: true|false"), so a test can
 * kill it with SIGKILL while it holds the role.
 * INTERLUDE_TEST_LEADER_URL names the database, INTERLUDE_TEST_LEADER_RETRY_MS the cycle.
 */
import { AdvisoryLeader } from "../../../../src/db/postgres/advisory-leader.js";
import { silentLogger } from "../../../../src/logger.js";

const url = process.env.INTERLUDE_TEST_LEADER_URL;
if (!url) throw new Error("INTERLUDE_TEST_LEADER_URL is not set");
const retryMs = Number(process.env.INTERLUDE_TEST_LEADER_RETRY_MS ?? "300");

const leader = new AdvisoryLeader({ url, logger: silentLogger, retryMs });
leader.watch("tick", (held) => process.stdout.write(`role tick: ${held}\n`));
process.on("SIGTERM", () => void leader.stop().then(() => process.exit(0)));
