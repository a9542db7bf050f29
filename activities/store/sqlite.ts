import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner read and write only: the store holds names, birth dates and how villages voted. */
export const DATA_FILE_MODE = 0o600;

/**
 * Opens the store's SQLite file for the worker: created owner-only (SQLite gives the -wal and -shm files the main
 * file's mode), in WAL mode with `synchronous = FULL`, so a committed record survives a power cut and not only a
 * crash of the process (NORMAL may lose the last commits). The cost, measured on an ext4 disk with one village's
 * ~200 committed writes (decisions, refusals, notices with three deliveries each, the outcome): about 3.8 ms a
 * commit against 0.6-0.8 ms, 0.77 s a village against 0.12-0.16 s, spread over an election of weeks.
 */
export function openSqliteForWriting(file: string): Database.Database {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', DATA_FILE_MODE));
    for (const path of [file, `${file}-wal`, `${file}-shm`]) ownerOnly(path);
  }
  const database = new Database(file);
  // Set first: several workers (the chaos bench) may open one file at once; wait for the writer rather than fail.
  database.pragma('busy_timeout = 5000');
  enterWal(database);
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  return database;
}

/**
 * Switches the file to WAL. Two processes switching one fresh file at once can meet in SQLite's lock deadlock
 * (each holds a shared lock and wants the exclusive one): the loser is told "database is locked" at once, without
 * the busy timeout, so it waits a moment and tries again within the same five seconds.
 */
function enterWal(database: Database.Database): void {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Opens the store's SQLite file for a command that only reads: nothing is created, migrated or written. */
export function openSqliteForReading(file: string): Database.Database {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  database.pragma('busy_timeout = 5000');
  return database;
}

/** Narrows a file written by an older build (0644 under the usual umask) to the owner; another user's file is left as it is. */
function ownerOnly(path: string): void {
  if (!existsSync(path)) return;
  try {
    chmodSync(path, DATA_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}
