import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001_initial';
import * as recordConflicts from './0002_record_conflicts';
import * as plannedDeliveries from './0003_planned_deliveries';
import * as calendarNotices from './0004_calendar_notices';
import * as peopleRegistry from './0005_people_registry';
import * as decisionChain from './0006_decision_chain';
import * as deskAccounts from './0007_desk_accounts';
import * as codecRequests from './0008_codec_requests';
import * as papers from './0009_papers';

export type StoreDialect = 'sqlite' | 'postgres';

/** A migration written once for both dialects; the few differences (an identity column) branch on `dialect`. */
interface StoreMigration {
  up(db: Kysely<any>, dialect: StoreDialect): Promise<void>;
}

/**
 * The store's migrations, in order. Names are numbered so they sort; a released migration is never edited,
 * a change to the schema is a new file (0002_..., and so on) added here.
 */
const MIGRATIONS: Record<string, StoreMigration> = {
  '0001_initial': initial,
  '0002_record_conflicts': recordConflicts,
  '0003_planned_deliveries': plannedDeliveries,
  '0004_calendar_notices': calendarNotices,
  '0005_people_registry': peopleRegistry,
  '0006_decision_chain': decisionChain,
  '0007_desk_accounts': deskAccounts,
  '0008_codec_requests': codecRequests,
  '0009_papers': papers,
};

/** The migrations' names, oldest first; the last one is the schema version this build reads and writes. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

/** Kysely's migration provider over the migrations compiled into the build (no files read at run time). */
export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    async getMigrations() {
      return Object.fromEntries(
        Object.entries(MIGRATIONS).map(([name, m]): [string, Migration] => [name, { up: (db) => m.up(db, dialect) }]),
      );
    },
  };
}
