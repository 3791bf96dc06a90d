/**
 * The one place a SQLite connection is opened: pragmas, migrations, and the drizzle wrapper.
 */
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { projectRoot } from "../project-root.js";
import { sideFilesOf, spoolFileBeside } from "./database-files.js";
import {
  type ModeRepair,
  securePrivateFile,
  securePrivateFolder,
  setPrivateMode,
  tightenMode,
} from "./private-files.js";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;
/** A drizzle handle inside `db.transaction(...)`; repositories accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

export const migrationsFolder = join(projectRoot, "drizzle");

/**
 * Pragmas chosen for a low-volume, must-not-lose workload: WAL so readers never block the writer,
 * synchronous=FULL so a committed risk answer survives a power cut, and a busy timeout so a second
 * process (the CLI while the bot runs) waits instead of failing.
 */
function applyPragmas(sqlite: Database.Database, inMemory: boolean): void {
  if (!inMemory) sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
}

/**
 * drizzle runs all pending migrations in one transaction; a table rebuild inside it would cascade
 * deletes into child rows if foreign keys were enforced, so they are off while migrating and the whole
 * database is checked afterwards.
 */
function runMigrations(db: Db, sqlite: Database.Database): void {
  sqlite.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder });
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
  const violations = sqlite.pragma("foreign_key_check") as unknown[];
  if (violations.length > 0) {
    throw new Error(`database: migrations left ${violations.length} foreign key violation(s)`);
  }
}

export interface OpenOptions {
  /** Told about each existing file or folder that others could read and that was tightened. */
  onModeRepaired?: (repair: ModeRepair) => void;
}

/**
 * Before SQLite touches the file: the folder 0700 and the database 0600 (created empty, which SQLite
 * takes as a new database; its -wal and -shm then inherit the mode). Existing files are tightened.
 */
function secureFilesBeforeOpening(path: string, report: (repair: ModeRepair | undefined) => void): void {
  report(securePrivateFolder(dirname(resolve(path))));
  report(securePrivateFile(path));
  for (const file of [...sideFilesOf(path), spoolFileBeside(path)]) report(tightenMode(file));
}

/** Opens (creating if needed) the database file at `path` and brings its schema up to date. */
export function openDatabase(path: string, options: OpenOptions = {}): DatabaseHandle {
  const inMemory = path === ":memory:";
  if (!inMemory) {
    secureFilesBeforeOpening(path, (repair) => {
      if (repair) options.onModeRepaired?.(repair);
    });
  }
  const sqlite = new Database(path);
  try {
    applyPragmas(sqlite, inMemory);
    // SQLite gives them the database's mode; set explicitly all the same, so no umask or SQLite
    // build option can leave the write-ahead log readable by others.
    if (!inMemory) for (const file of [`${path}-wal`, `${path}-shm`]) setPrivateMode(file);
    const db = drizzle(sqlite, { schema });
    runMigrations(db, sqlite);
    return { db, sqlite, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** A fresh, fully migrated in-memory database: what every test gets. */
export function openInMemoryDatabase(): DatabaseHandle {
  return openDatabase(":memory:");
}
