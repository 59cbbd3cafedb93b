import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../database/migrator.ts';
import { poolRunner } from '../database/sql.ts';

/** A fresh, empty database on the run's PostgreSQL server. */
export interface TestDatabase {
  /** URL of the new database, for `DATABASE_URL`. */
  readonly url: string;
  readonly name: string;
  /** Drops the database (forcing out leftover connections). */
  drop(): Promise<void>;
}

/** URL of the server the globalSetup started (or `TEST_DATABASE_URL`). */
export function postgresAdminUrl(): string {
  return inject('postgresUrl');
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a database named `<prefix>_<random>` so test files never share state; when
 * `migrationsDir` is given, applies that folder's migrations from scratch.
 */
export async function createTestDatabase(
  prefix: string,
  migrationsDir?: string,
): Promise<TestDatabase> {
  const safePrefix = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 40);
  const name = `${safePrefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;

  if (migrationsDir) {
    const pool = new pg.Pool({ connectionString: url.href, max: 1 });
    try {
      await migrate(poolRunner(pool), migrationsDir);
    } finally {
      await pool.end();
    }
  }

  return {
    url: url.href,
    name,
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
