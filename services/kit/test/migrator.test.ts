import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MigrationError,
  checksum,
  migrate,
  pendingMigrations,
  readMigrations,
} from '../database/migrator.ts';
import { pgliteRunner, poolRunner, type SqlRunner } from '../database/sql.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

// Dropping a test database terminates connections the pool is still closing; not a failure.
function quietPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}

const fixtures = path.join(import.meta.dirname, 'fixtures', 'migrations');

interface Backend {
  readonly name: string;
  open(): Promise<{ sql: SqlRunner; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'PostgreSQL',
    async open() {
      const db: TestDatabase = await createTestDatabase('kit_migrator');
      const pool = quietPool(db.url, 4);
      return {
        sql: poolRunner(pool),
        close: async () => {
          await pool.end();
          await db.drop();
        },
      };
    },
  },
  {
    name: 'PGlite',
    async open() {
      const db = await PGlite.create('memory://');
      return { sql: pgliteRunner(db), close: () => db.close() };
    },
  },
];

describe.each(backends)('migrator on $name', (backend) => {
  let sql: SqlRunner;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ sql, close } = await backend.open());
  });
  afterAll(() => close());

  it('applies every migration from scratch and records them as Prisma does', async () => {
    expect(await pendingMigrations(sql, fixtures)).toEqual([
      '20260101000000_init',
      '20260102000000_widgets_colour',
    ]);

    const result = await migrate(sql, fixtures);
    expect(result.applied).toEqual(['20260101000000_init', '20260102000000_widgets_colour']);

    const rows = await sql.query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      finished_at: unknown;
      id: string;
    }>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    const files = await readMigrations(fixtures);
    expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count])).toEqual(
      files.map((file) => [file.name, checksum(file.sql), 1]),
    );
    expect(rows.every((row) => row.finished_at !== null && row.id.length === 36)).toBe(true);

    await sql.query(`INSERT INTO widgets (name, colour) VALUES ('w', 'red')`);
    expect(await pendingMigrations(sql, fixtures)).toEqual([]);
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect(await migrate(sql, fixtures)).toEqual({ applied: [], modified: [] });
  });
});

describe('migrator failure handling (PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('kit_migrator_fail');
    pool = quietPool(db.url, 4);
    dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    await cp(fixtures, dir, { recursive: true });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const broken = path.join(dir, '20260103000000_broken');
    await mkdir(broken);
    await writeFile(
      path.join(broken, 'migration.sql'),
      'CREATE TABLE "half" (id INT);\nALTER TABLE "nope" ADD COLUMN x INT;\n',
    );

    await expect(migrate(poolRunner(pool), dir)).rejects.toThrow(MigrationError);

    const { rows } = await pool.query(`SELECT to_regclass('half') AS half`);
    expect(rows[0].half).toBeNull();
    expect(await pendingMigrations(poolRunner(pool), dir)).toEqual(['20260103000000_broken']);

    await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE "half" (id INT);\n');
    expect((await migrate(poolRunner(pool), dir)).applied).toEqual(['20260103000000_broken']);
  });

  it('reports an applied migration whose file changed', async () => {
    await writeFile(
      path.join(dir, '20260103000000_broken', 'migration.sql'),
      'CREATE TABLE "half" (id BIGINT);\n',
    );
    expect((await migrate(poolRunner(pool), dir)).modified).toEqual(['20260103000000_broken']);
  });

  it('serialises concurrent runs with the advisory lock: each applies once', async () => {
    const fresh = await createTestDatabase('kit_migrator_race');
    const racePool = quietPool(fresh.url, 6);
    try {
      const results = await Promise.all(
        Array.from({ length: 4 }, () => migrate(poolRunner(racePool), fixtures)),
      );
      expect(results.flatMap((result) => result.applied).sort()).toEqual([
        '20260101000000_init',
        '20260102000000_widgets_colour',
      ]);
    } finally {
      await racePool.end();
      await fresh.drop();
    }
  });
});
