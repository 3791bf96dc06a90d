/**
 * Writes that record a direct send's outcome. Each runs in one transaction without waiting long for
 * another writer (the next crisis send must not sit behind a busy-wait); one the database refuses is
 * kept, in order, and tried again at the start of the next drain.
 */
import type { Db, Tx } from "../db/connection.js";
import type { Logger } from "../logger.js";
import { crisisBusyTimeoutMs, withBusyTimeout } from "./busy-timeout.js";

export class DeferredWrites {
  private waiting: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /** Writes now if the database lets it, else keeps the write for `flush`. */
  record(write: (tx: Tx) => void): void {
    const attempt = () => withBusyTimeout(this.db, crisisBusyTimeoutMs, () => this.db.transaction(write));
    try {
      attempt();
    } catch (error) {
      this.logger.error({ err: { name: (error as Error).name } }, "could not record a direct send yet; will retry");
      this.waiting.push(attempt);
    }
  }

  /** Writes everything kept, oldest first; throws (keeping the rest) if the database still refuses. */
  flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const [index, attempt] of waiting.entries()) {
      try {
        attempt();
      } catch (error) {
        this.waiting.push(...waiting.slice(index), ...this.waiting);
        throw error;
      }
    }
  }
}
