import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Development and test tool only (runs the Prisma CLI, a devDependency). */

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/**
 * Runs `prisma generate` for `schemaPath`, writing where its generator's `output` says.
 * The Prisma 7 client needs no engine, but the CLI checks that a schema engine binary exists;
 * any executable passes that check, so we name node itself and nothing is downloaded.
 */
export function prismaGenerate(schemaPath: string): void {
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'prisma', 'build', 'index.js'),
      'generate',
      '--schema',
      schemaPath,
    ],
    {
      cwd: path.dirname(schemaPath),
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(dir, relative)));
    else files.push(relative);
  }
  return files.sort();
}

/**
 * Regenerates a service's client in a temp copy and lists the files that differ from the
 * committed `generated/prisma` (added, missing or changed). Empty means byte-for-byte equal.
 */
export async function generatedClientDifferences(serviceDir: string): Promise<string[]> {
  const work = await mkdtemp(path.join(tmpdir(), 'prisma-generate-'));
  try {
    await cp(
      path.join(serviceDir, 'prisma', 'schema.prisma'),
      path.join(work, 'prisma', 'schema.prisma'),
    );
    prismaGenerate(path.join(work, 'prisma', 'schema.prisma'));

    const committedDir = path.join(serviceDir, 'generated', 'prisma');
    const freshDir = path.join(work, 'generated', 'prisma');
    const committed = await listFiles(committedDir);
    const fresh = await listFiles(freshDir);

    const differences = [
      ...fresh.filter((f) => !committed.includes(f)).map((f) => `added: ${f}`),
      ...committed.filter((f) => !fresh.includes(f)).map((f) => `missing: ${f}`),
    ];
    for (const file of fresh.filter((f) => committed.includes(f))) {
      const [a, b] = await Promise.all([
        readFile(path.join(committedDir, file)),
        readFile(path.join(freshDir, file)),
      ]);
      if (!a.equals(b)) differences.push(`changed: ${file}`);
    }
    return differences;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
