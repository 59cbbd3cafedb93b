import { describe, expect, it } from 'vitest';
import { ConfigError, EnvReader, loadBaseConfig, readBaseConfig } from '../config.ts';

const sentinel = {
  TRAYLINX_API_BASE_URL: 'https://auth.example.test/',
  TRAYLINX_CLIENT_ID: 'registry',
  TRAYLINX_CLIENT_SECRET: 'registry-secret-0123',
  TRAYLINX_AGENT_USER_ID: '7f0c8a52-5d1e-4c3b-9a61-2f4b8e9d0a11',
};
const spec = { defaultPort: 8000, database: true };

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadBaseConfig(env, spec);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadBaseConfig', () => {
  it('applies development defaults: loopback, contract port, embedded database', () => {
    const config = loadBaseConfig({}, spec);
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 8000,
      databaseUrl: undefined,
      databasePoolMax: 10,
      drainSeconds: 5,
      sentinel: undefined,
    });
  });

  it('binds all interfaces in production and trims the Sentinel URL', () => {
    const config = loadBaseConfig(
      { NODE_ENV: 'production', DATABASE_URL: 'postgresql://u:p@db:5432/r', ...sentinel },
      spec,
    );
    expect(config.host).toBe('0.0.0.0');
    expect(config.sentinel?.baseUrl).toBe('https://auth.example.test');
  });

  it('reports every bad variable at once, one line each', () => {
    expect(
      problems({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_POOL_MAX: '0', DRAIN_SECONDS: '-1' }),
    ).toEqual([
      'PORT must be an integer from 1 to 65535, got eighty',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got loud',
      'DATABASE_POOL_MAX must be an integer from 1 to 100, got 0',
      'DRAIN_SECONDS must be an integer from 0 to 300, got -1',
    ]);
  });

  it('refuses production without Sentinel settings or a database', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      'DATABASE_URL is required in production (embedded PGlite is dev only)',
      'TRAYLINX_API_BASE_URL is required in production',
      'TRAYLINX_CLIENT_ID is required in production',
      'TRAYLINX_CLIENT_SECRET is required in production',
      'TRAYLINX_AGENT_USER_ID is required in production',
    ]);
  });

  it('refuses a plain-http Sentinel in production but allows it in development', () => {
    const http = { ...sentinel, TRAYLINX_API_BASE_URL: 'http://127.0.0.1:8002' };
    expect(problems({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/r', ...http })).toEqual(
      ['TRAYLINX_API_BASE_URL must be https in production, got http://127.0.0.1:8002/'],
    );
    expect(loadBaseConfig(http, spec).sentinel?.baseUrl).toBe('http://127.0.0.1:8002');
  });

  it('validates Sentinel credentials and never echoes a password from a URL', () => {
    expect(
      problems({
        ...sentinel,
        TRAYLINX_CLIENT_ID: 'a b',
        TRAYLINX_CLIENT_SECRET: 'short',
        TRAYLINX_AGENT_USER_ID: 'nope',
        DATABASE_URL: 'mysql://user:hunter2@db/x',
      }),
    ).toEqual([
      'DATABASE_URL must be postgres or postgresql, got mysql://user:***@db/x',
      'TRAYLINX_CLIENT_ID must be 3-100 characters of A-Z a-z 0-9 _ -',
      'TRAYLINX_CLIENT_SECRET must be 10-500 characters long',
      'TRAYLINX_AGENT_USER_ID must be a UUID, got nope',
    ]);
  });

  it('reports a partial Sentinel set in development', () => {
    expect(problems({ TRAYLINX_CLIENT_ID: 'registry' })).toEqual([
      'TRAYLINX_API_BASE_URL is required when any TRAYLINX_* variable is set',
      'TRAYLINX_CLIENT_SECRET is required when any TRAYLINX_* variable is set',
      'TRAYLINX_AGENT_USER_ID is required when any TRAYLINX_* variable is set',
    ]);
  });

  it('lets a service add its own variables to the same report', () => {
    const reader = new EnvReader({ PORT: 'x', HEARTBEAT_TTL_SECONDS: '0' });
    readBaseConfig(reader, spec);
    reader.integer('HEARTBEAT_TTL_SECONDS', 30, 1, 3600);
    expect(() => reader.finish()).toThrow(
      /PORT must be an integer[\s\S]*HEARTBEAT_TTL_SECONDS must be an integer from 1 to 3600/,
    );
  });
});
