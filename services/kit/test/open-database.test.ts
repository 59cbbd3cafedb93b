import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../database/migrator.ts';
import { openDatabase } from '../database/open-database.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

const migrationsDir = path.join(import.meta.dirname, 'fixtures', 'migrations');

describe('openDatabase on PostgreSQL', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase('kit_open');
  });
  afterAll(() => testDb.drop());

  it('does not migrate by default, and is not ready until migrations are applied', async () => {
    const db = await openDatabase({
      service: 'kit',
      url: testDb.url,
      poolMax: 2,
      migrationsDir,
    });
    try {
      expect(db.kind).toBe('postgres');
      expect(db.migrated).toBeUndefined();
      await expect(db.readinessCheck.check()).rejects.toThrow(
        'migrations not applied: 20260101000000_init, 20260102000000_widgets_colour',
      );

      await migrate(db.sql, migrationsDir);
      await expect(db.readinessCheck.check()).resolves.toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it('fails readiness when the server is unreachable', async () => {
    // A database name that does not exist on our own test server: connecting fails.
    const url = new URL(testDb.url);
    url.pathname = '/no_such_database';
    const db = await openDatabase({ service: 'kit', url: url.href, poolMax: 1, migrationsDir });
    try {
      await expect(db.readinessCheck.check()).rejects.toThrow(/does not exist/);
    } finally {
      await db.close();
    }
  });
});

describe('openDatabase on embedded PGlite', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pglite-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates the data folder, migrates on open, and keeps data across restarts', async () => {
    const dataDir = path.join(dir, '.data', 'kit');
    const first = await openDatabase({
      service: 'kit',
      url: undefined,
      poolMax: 1,
      migrationsDir,
      dataDir,
    });
    expect(first.kind).toBe('pglite');
    expect(first.migrated?.applied).toHaveLength(2);
    await first.sql.query(`INSERT INTO widgets (name) VALUES ('kept')`);
    await first.readinessCheck.check();
    await first.close();
    expect((await stat(dataDir)).isDirectory()).toBe(true);

    const second = await openDatabase({
      service: 'kit',
      url: undefined,
      poolMax: 1,
      migrationsDir,
      dataDir,
    });
    try {
      expect(second.migrated?.applied).toEqual([]);
      expect(await second.sql.query('SELECT name FROM widgets')).toEqual([{ name: 'kept' }]);
    } finally {
      await second.close();
    }
  });
});
