import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..', '..');

async function startFails(entry: string, env: Record<string, string>) {
  try {
    await run(process.execPath, ['--import', 'tsx', entry], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 20_000,
    });
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
  throw new Error(`${entry} started`);
}

describe('process entry points refuse unsafe configuration', () => {
  it.each([
    ['production', { NODE_ENV: 'production' }, '"production"'],
    ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, '"staging"'],
    ['a NODE_ENV in another case', { NODE_ENV: 'Development' }, '"Development"'],
    ['an unset NODE_ENV', {}, 'nothing'],
  ])('the Sentinel stand-in refuses %s (allowlist: development, test)', async (_n, env, got) => {
    const result = await startFails('services/sentinel-standin/src/server.ts', env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `sentinel-standin is a dev tool: NODE_ENV must be development or test, got ${got}`,
    );
  });

  it('the Sentinel stand-in refuses a non-loopback HOST', async () => {
    const result = await startFails('services/sentinel-standin/src/server.ts', {
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HOST must be a loopback address/);
  });

  it('the registry lists every missing production setting and exits 1', async () => {
    const result = await startFails('services/registry/src/server.ts', {
      NODE_ENV: 'production',
      TRAYLINX_API_BASE_URL: 'http://sentinel.internal',
    });
    expect(result.code).toBe(1);
    const line = JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}');
    expect(line.problems).toEqual([
      'DATABASE_URL is required in production (embedded PGlite is dev only)',
      'TRAYLINX_API_BASE_URL must be https in production, got http://sentinel.internal/',
      'TRAYLINX_CLIENT_ID is required in production',
      'TRAYLINX_CLIENT_SECRET is required in production',
      'TRAYLINX_AGENT_USER_ID is required in production',
      'STATS_REPORTER_AGENT_USER_IDS is required in production ' +
        "(the router's upstream agent user id)",
    ]);
  });
});
