import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { prismaApplyMigrations } from '../devtools/schema-engine.ts';
import { migrate, pendingMigrations, readMigrations } from '../database/migrator.ts';
import { pgliteRunner } from '../database/sql.ts';

const migrationsDir = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'registry',
  'prisma',
  'migrations',
);

// Prisma's own migration engine (WASM build) on PGlite stands in for `prisma migrate deploy`.
describe('kit migrator and Prisma agree on applied migrations', () => {
  it('Prisma sees migrations applied by the kit as applied', async () => {
    const db = await PGlite.create('memory://');
    try {
      expect((await migrate(pgliteRunner(db), migrationsDir)).applied.length).toBeGreaterThan(0);
      expect(await prismaApplyMigrations(db, migrationsDir)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('the kit sees migrations applied by Prisma as applied, with the same checksums', async () => {
    const db = await PGlite.create('memory://');
    try {
      const files = await readMigrations(migrationsDir);
      expect(await prismaApplyMigrations(db, migrationsDir)).toEqual(files.map((f) => f.name));
      expect(await pendingMigrations(pgliteRunner(db), migrationsDir)).toEqual([]);
      expect(await migrate(pgliteRunner(db), migrationsDir)).toEqual({
        applied: [],
        modified: [],
      });

      const rows = await pgliteRunner(db).query<{ checksum: string }>(
        'SELECT checksum FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(rows.map((row) => row.checksum)).toEqual(files.map((f) => f.checksum));
    } finally {
      await db.close();
    }
  });
});
