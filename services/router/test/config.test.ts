import { describe, expect, it } from 'vitest';

import { ConfigError } from '../../kit/config.ts';
import { loadRouterConfig } from '../src/config.ts';

const UPSTREAM = {
  TRAYLINX_UPSTREAM_CLIENT_ID: 'traylinx-router-upstream',
  TRAYLINX_UPSTREAM_CLIENT_SECRET: 'upstream-secret-0123456789',
  TRAYLINX_UPSTREAM_AGENT_USER_ID: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e05',
};

const PRODUCTION = {
  NODE_ENV: 'production',
  REGISTRY_URL: 'http://registry:8000',
  SUBSCRIPTION_URL: 'http://subscription:8001',
  TRAYLINX_API_BASE_URL: 'https://sentinel.example',
  TRAYLINX_CLIENT_ID: 'traylinx-router',
  TRAYLINX_CLIENT_SECRET: 'router-secret-0123456789',
  TRAYLINX_AGENT_USER_ID: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e03',
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadRouterConfig(env);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  return [];
}

describe('router upstream identity', () => {
  it('is required in production, naming each variable', () => {
    expect(problemsOf(PRODUCTION)).toEqual([
      expect.stringMatching(/^TRAYLINX_UPSTREAM_CLIENT_ID is required in production/),
      expect.stringMatching(/^TRAYLINX_UPSTREAM_CLIENT_SECRET is required in production/),
      expect.stringMatching(/^TRAYLINX_UPSTREAM_AGENT_USER_ID is required in production/),
    ]);
    const config = loadRouterConfig({ ...PRODUCTION, ...UPSTREAM });
    expect(config.upstreamIdentity).toEqual({
      shared: false,
      sentinel: {
        baseUrl: 'https://sentinel.example',
        clientId: 'traylinx-router-upstream',
        clientSecret: 'upstream-secret-0123456789',
        agentUserId: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e05',
      },
    });
  });

  it('must differ from the agent-facing identity', () => {
    expect(problemsOf({
      ...PRODUCTION,
      ...UPSTREAM,
      TRAYLINX_UPSTREAM_CLIENT_ID: 'traylinx-router',
      TRAYLINX_UPSTREAM_AGENT_USER_ID: '0B6F3C1E-8A2D-4D6E-9F10-1A2B3C4D5E03',
    })).toEqual([
      'TRAYLINX_UPSTREAM_CLIENT_ID must differ from TRAYLINX_CLIENT_ID',
      'TRAYLINX_UPSTREAM_AGENT_USER_ID must differ from TRAYLINX_AGENT_USER_ID',
    ]);
  });

  it('falls back to the agent-facing identity outside production only when all are unset', () => {
    const dev = { ...PRODUCTION, NODE_ENV: 'development', TRAYLINX_API_BASE_URL: 'http://s' };
    const config = loadRouterConfig(dev);
    expect(config.upstreamIdentity).toEqual({ shared: true, sentinel: config.sentinel });
    expect(problemsOf({ ...dev, TRAYLINX_UPSTREAM_CLIENT_ID: 'traylinx-router-upstream' }))
      .toEqual([
        expect.stringMatching(/^TRAYLINX_UPSTREAM_CLIENT_SECRET is required when any/),
        expect.stringMatching(/^TRAYLINX_UPSTREAM_AGENT_USER_ID is required when any/),
      ]);
    expect(problemsOf({ ...dev, ...UPSTREAM, TRAYLINX_UPSTREAM_AGENT_USER_ID: 'x' }))
      .toEqual(['TRAYLINX_UPSTREAM_AGENT_USER_ID must be a UUID, got x']);
  });

  it('refuses an upstream identity without the agent-facing Sentinel settings', () => {
    expect(problemsOf({ NODE_ENV: 'development', ...UPSTREAM })).toEqual([
      'TRAYLINX_UPSTREAM_* needs the TRAYLINX_* settings (Sentinel base URL)',
    ]);
  });
});

describe('router config', () => {
  it('has documented defaults for every tunable', () => {
    const config = loadRouterConfig({ NODE_ENV: 'development' });
    expect(config).toMatchObject({
      port: 8080,
      registryUrl: 'http://127.0.0.1:8000',
      subscriptionUrl: 'http://127.0.0.1:8001',
      maxAttempts: 3,
      attemptTimeoutMs: 10_000,
      deadlineMs: 30_000,
      discoveryTtlMs: 5_000,
      staleOnErrorMs: 60_000,
      fanOutConcurrency: 16,
      deliveryTimeoutMs: 5_000,
      dedupeWindowMs: 300_000,
      dedupeMaxEntries: 100_000,
    });
  });

  it('reports every bad variable at once', () => {
    const load = () => loadRouterConfig({
      ROUTE_MAX_ATTEMPTS: '5',
      FANOUT_CONCURRENCY: '0',
      REGISTRY_URL: 'ftp://registry',
    });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'REGISTRY_URL must be http or https, got ftp://registry/',
        'ROUTE_MAX_ATTEMPTS must be an integer from 1 to 3, got 5',
        'FANOUT_CONCURRENCY must be an integer from 1 to 256, got 0',
      ]);
    }
  });

  it('defaults AGENT_ENDPOINT_POLICY to public in production and any elsewhere', () => {
    const production = {
      NODE_ENV: 'production',
      REGISTRY_URL: 'http://registry:8000',
      SUBSCRIPTION_URL: 'http://subscription:8001',
      TRAYLINX_API_BASE_URL: 'https://sentinel.example',
      TRAYLINX_CLIENT_ID: 'traylinx-router',
      TRAYLINX_CLIENT_SECRET: 'router-secret-0123456789',
      TRAYLINX_AGENT_USER_ID: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e03',
      ...UPSTREAM,
    };
    expect(loadRouterConfig(production).agentEndpointPolicy).toBe('public');
    expect(loadRouterConfig({ ...production, AGENT_ENDPOINT_POLICY: 'any' }).agentEndpointPolicy)
      .toBe('any');
    expect(loadRouterConfig({ NODE_ENV: 'development' }).agentEndpointPolicy).toBe('any');
    expect(loadRouterConfig({ NODE_ENV: 'test' }).agentEndpointPolicy).toBe('any');
    expect(() => loadRouterConfig({ AGENT_ENDPOINT_POLICY: 'private' }))
      .toThrow(/AGENT_ENDPOINT_POLICY must be one of public, any, got private/);
  });

  it('requires the upstream URLs in production', () => {
    expect(() => loadRouterConfig({
      NODE_ENV: 'production',
      TRAYLINX_API_BASE_URL: 'https://sentinel.example',
      TRAYLINX_CLIENT_ID: 'traylinx-router',
      TRAYLINX_CLIENT_SECRET: 'router-secret-0123456789',
      TRAYLINX_AGENT_USER_ID: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e03',
    })).toThrow(/REGISTRY_URL is required in production[\s\S]*SUBSCRIPTION_URL is required/);
  });
});
