import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../../../../kit/database/open-database.ts';
import { PrismaClient } from '../../../generated/prisma/client.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../prisma/migrations');

/** The registry's database handles (services must not share decorator names: types clash). */
export interface RegistryDatabase {
  readonly db: Database;
  readonly prisma: PrismaClient;
}

/** Options of {@link installDatabase}. */
export interface DatabasePluginOptions {
  /** PostgreSQL URL; undefined selects embedded PGlite. */
  readonly url: string | undefined;
  readonly poolMax: number;
  /** PGlite folder; default `.data/registry` (`memory://` in tests). */
  readonly dataDir?: string;
  /** Apply migrations on start; default true for PGlite, false for PostgreSQL. */
  readonly migrate?: boolean;
}

/**
 * Opens the database, builds the Prisma client on it and adds the readiness check. Closing is
 * left to the app's shutdown sequence, which must flush heartbeats first.
 */
export async function installDatabase(
  app: FastifyInstance,
  options: DatabasePluginOptions,
): Promise<RegistryDatabase> {
  const db = await openDatabase({
    service: 'registry',
    url: options.url,
    poolMax: options.poolMax,
    migrationsDir: MIGRATIONS_DIR,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.migrate !== undefined ? { migrateOnOpen: options.migrate } : {}),
  });
  if (db.migrated?.applied.length) {
    app.log.info({ applied: db.migrated.applied }, 'migrations applied');
  }

  app.readiness.add(db.readinessCheck);
  return { db, prisma: new PrismaClient({ adapter: db.adapter }) };
}
