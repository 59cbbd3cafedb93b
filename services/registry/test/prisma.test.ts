import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedClientDifferences } from '../../kit/devtools/prisma-generate.ts';
import { pendingSchemaChanges } from '../../kit/devtools/schema-engine.ts';

const serviceDir = path.resolve(import.meta.dirname, '..');
const schema = path.join(serviceDir, 'prisma', 'schema.prisma');
const migrations = path.join(serviceDir, 'prisma', 'migrations');

describe('registry Prisma artefacts', () => {
  let changed: string;

  beforeAll(async () => {
    // A copy of the service with one more column: both checks must notice it.
    changed = await mkdtemp(path.join(tmpdir(), 'registry-changed-'));
    await cp(path.join(serviceDir, 'prisma'), path.join(changed, 'prisma'), { recursive: true });
    await cp(path.join(serviceDir, 'generated'), path.join(changed, 'generated'), {
      recursive: true,
    });
    const text = await readFile(schema, 'utf8');
    await writeFile(
      path.join(changed, 'prisma', 'schema.prisma'),
      text.replace(
        '  version          String            @db.VarChar(64)\n',
        '  version          String            @db.VarChar(64)\n  region String?\n',
      ),
    );
  });
  afterAll(() => rm(changed, { recursive: true, force: true }));

  it('committed generated client is byte-for-byte what prisma generate writes', async () => {
    expect(await generatedClientDifferences(serviceDir)).toEqual([]);
  });

  it('notices a generated client that no longer matches the schema', async () => {
    const differences = await generatedClientDifferences(changed);
    expect(differences.length).toBeGreaterThan(0);
  });

  it('committed migrations produce exactly schema.prisma (no drift)', async () => {
    expect(await pendingSchemaChanges(schema, migrations)).toBe('');
  });

  it('reports the SQL a schema change still needs', async () => {
    const sql = await pendingSchemaChanges(
      path.join(changed, 'prisma', 'schema.prisma'),
      path.join(changed, 'prisma', 'migrations'),
    );
    expect(sql).toMatch(/ALTER TABLE "agents" ADD COLUMN\s+"region" TEXT/);
  });
});
