import { existsSync } from 'node:fs';
import { openStore, openStoreForReading, resolveTarget, type OutcomeStore } from '../../activities/store';
import { badInput } from './common';

/** The `--store` option's help line, shared by the commands that read the outcome store. */
export const STORE_USAGE = `  --store FILE    the outcome store's SQLite file (default: DATABASE_URL when it names a PostgreSQL
                  database, else ELECTION_DB, else data/outcomes.sqlite of the project)`;

/**
 * Opens the outcome store a reading command names (`--store FILE`, else DATABASE_URL, else the default file),
 * runs fn, closes it. A SQLite file that does not exist is refused rather than created empty.
 */
export async function withStore<T>(file: string | undefined, fn: (store: OutcomeStore) => Promise<T>): Promise<T> {
  let target: ReturnType<typeof resolveTarget>;
  try {
    target = resolveTarget(file === undefined ? {} : { file });
  } catch (err) {
    throw badInput((err as Error).message);
  }
  if (target.dialect === 'sqlite' && !existsSync(target.file)) {
    const option = file === undefined ? 'outcome store' : '--store';
    throw badInput(
      `${option}: no outcome store at ${JSON.stringify(target.file)}; expected the file the worker writes (--store FILE, ELECTION_DB, or data/outcomes.sqlite), or DATABASE_URL naming its PostgreSQL database`,
    );
  }
  const store = await openStoreForReading(target.dialect === 'sqlite' ? { file: target.file } : { url: target.url });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * Opens the outcome store a writing command names (`--store FILE`, else DATABASE_URL, else the default file), brought
 * to the latest schema as the worker does, runs fn, closes it.
 */
export async function withWritableStore<T>(file: string | undefined, fn: (store: OutcomeStore) => Promise<T>): Promise<T> {
  let target: ReturnType<typeof resolveTarget>;
  try {
    target = resolveTarget(file === undefined ? {} : { file });
  } catch (err) {
    throw badInput((err as Error).message);
  }
  const store = await openStore(target.dialect === 'sqlite' ? { file: target.file } : { url: target.url });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
