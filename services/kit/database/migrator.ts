import { createHash, randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SqlRunner, SqlSession } from './sql.ts';

/**
 * Applies a service's committed Prisma migrations, recording them exactly as
 * `prisma migrate deploy` does, so either tool sees the other's work as applied.
 *
 * Used by tests and the embedded dev database because `prisma migrate` needs a native engine
 * this environment cannot download; production images run `prisma migrate deploy`.
 */

/** The advisory lock key Prisma's schema engine takes on PostgreSQL while migrating. */
export const PRISMA_ADVISORY_LOCK = 72707369;

/** One committed migration folder. */
export interface MigrationFile {
  /** Folder name, e.g. `20261204160000_init`; applied in lexical order. */
  readonly name: string;
  readonly sql: string;
  /** SHA-256 of the file's bytes, lower-case hex: the value Prisma stores as `checksum`. */
  readonly checksum: string;
}

/** A row of `_prisma_migrations`. */
interface AppliedRow {
  readonly migration_name: string;
  readonly checksum: string;
  readonly finished_at: Date | string | null;
  readonly rolled_back_at: Date | string | null;
}

/** Raised when the database holds a failed migration or one the folder does not have. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

// The same table Prisma's schema engine creates (column names, types, defaults).
const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export function checksum(sql: string | Buffer): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** Reads `<dir>/<name>/migration.sql` for every migration folder, in order. */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const bytes = await readFile(path.join(dir, name, 'migration.sql'));
    migrations.push({ name, sql: bytes.toString('utf8'), checksum: checksum(bytes) });
  }
  return migrations;
}

async function appliedRows(session: Pick<SqlSession, 'query'>): Promise<AppliedRow[]> {
  const [exists] = await session.query<{ present: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  if (!exists?.present) return [];

  return session.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
}

/** Names of committed migrations not (successfully) applied yet; used by /ready. */
export async function pendingMigrations(db: SqlRunner, dir: string): Promise<string[]> {
  const files = await readMigrations(dir);
  const done = new Set(
    (await appliedRows(db))
      .filter((row) => row.finished_at !== null && row.rolled_back_at === null)
      .map((row) => row.migration_name),
  );
  return files.filter((file) => !done.has(file.name)).map((file) => file.name);
}

/** What {@link migrate} did. */
export interface MigrateResult {
  readonly applied: readonly string[];
  /** Applied migrations whose file changed since (Prisma warns about these too). */
  readonly modified: readonly string[];
}

/**
 * Applies every pending migration, each in its own transaction, under Prisma's advisory lock.
 * A failed migration rolls back completely and leaves no row, so a fixed file can be re-run.
 */
export async function migrate(db: SqlRunner, dir: string): Promise<MigrateResult> {
  const files = await readMigrations(dir);

  return db.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    try {
      await session.exec(CREATE_TABLE);
      const rows = await appliedRows(session);
      assertNoFailed(rows);

      const known = new Map(rows.map((row) => [row.migration_name, row]));
      const unknown = rows.filter(
        (row) => !files.some((file) => file.name === row.migration_name),
      );
      if (unknown.length > 0) {
        const names = unknown.map((row) => row.migration_name).join(', ');
        throw new MigrationError(`database has migrations missing from ${dir}: ${names}`);
      }

      const applied: string[] = [];
      const modified: string[] = [];
      for (const file of files) {
        const row = known.get(file.name);
        if (row) {
          if (row.checksum !== file.checksum) modified.push(file.name);
          continue;
        }
        await applyOne(session, file);
        applied.push(file.name);
      }
      return { applied, modified };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]);
    }
  });
}

function assertNoFailed(rows: readonly AppliedRow[]): void {
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length === 0) return;

  const names = failed.map((row) => row.migration_name).join(', ');
  throw new MigrationError(`failed migrations need attention first (prisma P3009): ${names}`);
}

// TODO(concurrent indexes): statements that refuse a transaction (CREATE INDEX CONCURRENTLY)
// cannot go through this migrator; such a migration would need a no-transaction marker.
async function applyOne(session: SqlSession, file: MigrationFile): Promise<void> {
  await session.exec('BEGIN');
  try {
    await session.exec(file.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK');
    throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
