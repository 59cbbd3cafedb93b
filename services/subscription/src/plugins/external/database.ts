import path from 'node:path';

import type { FastifyInstance } from 'fastify';

import { openDatabase, type Database } from '../../../../kit/database/open-database.ts';
import { PrismaClient } from '../../../generated/prisma/client.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Subscription Service's Prisma client. */
    prisma: PrismaClient;
  }
}

/** The committed migrations, applied by `prisma migrate deploy` (production) or the kit. */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../prisma/migrations');

/** Options of {@link registerDatabase}. */
export interface DatabasePluginOptions {
  /** PostgreSQL URL; undefined: embedded PGlite under `.data/subscription` (dev only). */
  readonly url: string | undefined;
  /** `DATABASE_POOL_MAX`. */
  readonly poolMax: number;
  /** PGlite data folder; default `.data/subscription`; `memory://` for tests. */
  readonly dataDir?: string;
  /** Apply migrations on open; default: only for PGlite. */
  readonly migrateOnOpen?: boolean;
}

/** Opens the database, decorates `app.prisma`, adds the readiness check, closes on app close. */
export async function registerDatabase(
  app: FastifyInstance,
  options: DatabasePluginOptions,
): Promise<Database> {
  const database = await openDatabase({
    service: 'subscription',
    url: options.url,
    poolMax: options.poolMax,
    migrationsDir: MIGRATIONS_DIR,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.migrateOnOpen !== undefined ? { migrateOnOpen: options.migrateOnOpen } : {}),
  });
  const prisma = new PrismaClient({ adapter: database.adapter });

  app.decorate('prisma', prisma);
  app.readiness.add(database.readinessCheck);
  app.addHook('onClose', async () => {
    await prisma.$disconnect();
    await database.close();
  });
  return database;
}
