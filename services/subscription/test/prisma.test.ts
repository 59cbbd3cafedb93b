import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { generatedClientDifferences } from '../../kit/devtools/prisma-generate.ts';
import { pendingSchemaChanges } from '../../kit/devtools/schema-engine.ts';

const serviceDir = path.resolve(import.meta.dirname, '..');
const prismaDir = path.join(serviceDir, 'prisma');

describe('subscription Prisma files', () => {
  // Prisma's differ does not model NULLS NOT DISTINCT, so the hand-edited unique index compares
  // equal to the schema's @@unique; subscription.test.ts checks the flag in the database.
  it('has committed migrations that match schema.prisma (no drift)', async () => {
    const missing = await pendingSchemaChanges(
      path.join(prismaDir, 'schema.prisma'),
      path.join(prismaDir, 'migrations'),
    );
    expect(missing.trim()).toBe('');
  });

  it('has a committed client identical to a fresh `prisma generate`', async () => {
    expect(await generatedClientDifferences(serviceDir)).toEqual([]);
  });
});
