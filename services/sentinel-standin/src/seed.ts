/**
 * Clients the stand-in knows at start. Development-only credentials: they exist so that
 * `npm run dev` and the tests work without a real Sentinel, and are published in README.
 */
export interface StandinClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly agentUserId: string;
}

/** The documented demo agent. */
export const DEMO_CLIENT: StandinClient = {
  clientId: 'demo-agent',
  clientSecret: 'demo-secret-0123456789',
  agentUserId: '7f0c8a52-5d1e-4c3b-9a61-2f4b8e9d0a11',
};

/** One client per platform service, so each runs with its own identity in dev. */
export const SERVICE_CLIENTS: Readonly<Record<string, StandinClient>> = {
  registry: {
    clientId: 'traylinx-registry',
    clientSecret: 'registry-dev-secret-0123456789',
    agentUserId: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e01',
  },
  subscription: {
    clientId: 'traylinx-subscription',
    clientSecret: 'subscription-dev-secret-0123456789',
    agentUserId: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e02',
  },
  /** The router's agent-facing identity: its token is forwarded to every agent it calls. */
  router: {
    clientId: 'traylinx-router',
    clientSecret: 'router-dev-secret-0123456789',
    agentUserId: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e03',
  },
  /** The router's upstream identity: registry and subscription service only, never agents. */
  'router-upstream': {
    clientId: 'traylinx-router-upstream',
    clientSecret: 'router-upstream-dev-secret-0123456789',
    agentUserId: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e05',
  },
  cortex: {
    clientId: 'traylinx-cortex',
    clientSecret: 'cortex-dev-secret-0123456789',
    agentUserId: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e04',
  },
};

export const SEED_CLIENTS: readonly StandinClient[] = [
  DEMO_CLIENT,
  ...Object.values(SERVICE_CLIENTS),
];
