import { spawn } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { freePort } from '../../kit/testing/free-port.ts';

const root = path.resolve(import.meta.dirname, '../../..');

const AGENT_FACING = {
  TRAYLINX_API_BASE_URL: 'http://127.0.0.1:9',
  TRAYLINX_CLIENT_ID: 'traylinx-router',
  TRAYLINX_CLIENT_SECRET: 'router-secret-0123456789',
  TRAYLINX_AGENT_USER_ID: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e03',
};

/** Starts the router process on a random port, returns its JSON log lines once it listens. */
async function startupLog(env: Record<string, string>): Promise<Array<{ msg?: string }>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/router/src/server.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(await freePort()),
      UPSTREAM_PROBE_INTERVAL_MS: '0',
      DRAIN_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    await expect.poll(() => out.includes('listening'), { timeout: 20_000, interval: 100 })
      .toBe(true);
  } finally {
    child.kill('SIGKILL');
  }
  return out.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

const warnings = (lines: Array<{ msg?: string }>) =>
  lines.filter((line) => line.msg?.includes('TRAYLINX_UPSTREAM_'));

describe('router start-up without an upstream identity', () => {
  it('logs one warning line when it reuses the agent-facing identity', async () => {
    expect(warnings(await startupLog(AGENT_FACING))).toHaveLength(1);
  }, 30_000);

  it('logs none when the upstream identity is given', async () => {
    const lines = await startupLog({
      ...AGENT_FACING,
      TRAYLINX_UPSTREAM_CLIENT_ID: 'traylinx-router-upstream',
      TRAYLINX_UPSTREAM_CLIENT_SECRET: 'upstream-secret-0123456789',
      TRAYLINX_UPSTREAM_AGENT_USER_ID: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e05',
    });
    expect(lines.length).toBeGreaterThan(0);
    expect(warnings(lines)).toHaveLength(0);
  }, 30_000);
});
