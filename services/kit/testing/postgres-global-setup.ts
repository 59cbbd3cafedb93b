import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

/**
 * Vitest globalSetup: one PostgreSQL server for the whole run.
 *
 * Uses `TEST_DATABASE_URL` when set (CI's `.ci/run` starts the server itself); otherwise starts
 * a throwaway server with `scripts/postgres.sh start` and removes it when the run ends. Test
 * files get the URL through `inject('postgresUrl')` (see `test-database.ts`).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's PostgreSQL server (database `postgres`). */
    postgresUrl: string;
  }
}

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, '../../../scripts/postgres.sh');

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }

  const { stdout } = await run(script, ['start']);
  const [url, dir] = stdout.trim().split('\t');
  if (!url || !dir) throw new Error(`scripts/postgres.sh start printed no URL: ${stdout}`);
  project.provide('postgresUrl', url);

  return async () => {
    await run(script, ['stop', dir]);
  };
}
