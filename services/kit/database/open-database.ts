import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { ReadinessCheck } from '../readiness.ts';
import { migrate, pendingMigrations, type MigrateResult } from './migrator.ts';
import { pgliteRunner, poolRunner, type SqlRunner } from './sql.ts';

/** Options of {@link openDatabase}. */
export interface DatabaseOptions {
  /** Service name; names the embedded data folder `.data/<service>`. */
  readonly service: string;
  /** PostgreSQL URL; undefined selects embedded PGlite (the caller refuses that in production). */
  readonly url: string | undefined;
  /** Most pooled connections to PostgreSQL (`DATABASE_POOL_MAX`); ignored for PGlite. */
  readonly poolMax: number;
  /** The service's `prisma/migrations` folder. */
  readonly migrationsDir: string;
  /**
   * PGlite data folder; default `<cwd>/.data/<service>`. `memory://` keeps it in memory
   * (tests). Ignored for PostgreSQL.
   */
  readonly dataDir?: string;
  /**
   * Apply pending migrations on open. Default: true for PGlite (dev must just work), false for
   * PostgreSQL, where `prisma migrate deploy` runs before the service starts.
   */
  readonly migrateOnOpen?: boolean;
  /** Connection timeout for PostgreSQL in ms; default 5000. */
  readonly connectTimeoutMs?: number;
}

/** An open database: the Prisma adapter, raw SQL for the kit, and a way to close it. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** Pass to the service's generated `PrismaClient({adapter})`. */
  readonly adapter: SqlMigrationAwareDriverAdapterFactory;
  readonly sql: SqlRunner;
  /** Result of migrate-on-open, if it ran. */
  readonly migrated: MigrateResult | undefined;
  /** Readiness: reachable and every committed migration applied. */
  readonly readinessCheck: ReadinessCheck;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const opened = options.url
    ? await openPostgres(options.url, options)
    : await openPglite(options);

  const migrateOnOpen = options.migrateOnOpen ?? opened.kind === 'pglite';
  let migrated: MigrateResult | undefined;
  try {
    if (migrateOnOpen) migrated = await migrate(opened.sql, options.migrationsDir);
  } catch (error) {
    await opened.close();
    throw error;
  }

  return {
    ...opened,
    migrated,
    readinessCheck: databaseReadiness(opened.sql, options.migrationsDir),
  };
}

type Opened = Omit<Database, 'migrated' | 'readinessCheck'>;

async function openPostgres(url: string, options: DatabaseOptions): Promise<Opened> {
  const [{ default: pg }, { PrismaPg }] = await Promise.all([
    import('pg'),
    import('@prisma/adapter-pg'),
  ]);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  return {
    kind: 'postgres',
    adapter: new PrismaPg(pool),
    sql: poolRunner(pool),
    close: () => pool.end(),
  };
}

async function openPglite(options: DatabaseOptions): Promise<Opened> {
  const dataDir = options.dataDir ?? path.resolve('.data', options.service);
  if (dataDir !== 'memory://') await mkdir(dataDir, { recursive: true });

  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ]);
  const db = await PGlite.create(dataDir);

  return {
    kind: 'pglite',
    adapter: new PrismaPGlite(db),
    sql: pgliteRunner(db),
    close: () => db.close(),
  };
}

/** Reachable, and (checked until first true, since applied migrations stay applied) migrated. */
export function databaseReadiness(sql: SqlRunner, migrationsDir: string): ReadinessCheck {
  let migrated = false;
  return {
    name: 'database',
    async check() {
      await sql.query('SELECT 1');
      if (migrated) return;

      const pending = await pendingMigrations(sql, migrationsDir);
      if (pending.length > 0) throw new Error(`migrations not applied: ${pending.join(', ')}`);
      migrated = true;
    },
  };
}
