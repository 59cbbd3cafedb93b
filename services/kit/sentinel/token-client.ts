import { SingleFlight } from '../single-flight.ts';
import { SentinelError, postForm, type FetchLike } from './http.ts';

/** The two tokens Sentinel issues for client credentials, with their expiry. */
export interface SentinelTokens {
  /** For calling Sentinel itself (introspection): `Authorization: Bearer`. */
  readonly accessToken: string;
  /** For proving our identity to other agents: `X-Agent-Secret-Token`. */
  readonly agentSecretToken: string;
  /** Epoch ms at which we received them. */
  readonly issuedAt: number;
  /** Epoch ms at which Sentinel stops accepting them. */
  readonly expiresAt: number;
}

/** Options of {@link SentinelTokenClient}. */
export interface SentinelTokenClientOptions {
  /** Sentinel base URL (`TRAYLINX_API_BASE_URL`), no trailing slash. */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Our agent user id, sent as `X-Agent-User-Id` on outbound calls. */
  readonly agentUserId: string;
  /** OAuth scope requested; default `a2a`. */
  readonly scope?: string;
  /**
   * Refresh this many seconds before expiry; default 60. Capped at half the token's lifetime
   * so short-lived tokens are still used.
   */
  readonly refreshSkewSeconds?: number;
  /** Timeout of one token request in ms; default 5000. */
  readonly timeoutMs?: number;
  /** Most token requests per refresh, first included; default 3 (429, 5xx, network errors). */
  readonly maxAttempts?: number;
  /** First backoff in ms, doubled per retry (or Retry-After, capped at 5 s); default 200. */
  readonly backoffMs?: number;
  /** Default global `fetch`. */
  readonly fetch?: FetchLike;
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
}

interface TokenResponse {
  access_token?: unknown;
  agent_secret_token?: unknown;
  expires_in?: unknown;
}

/**
 * Gets and caches this service's own Sentinel tokens with client credentials. Concurrent
 * callers share one request; tokens are refreshed ahead of expiry; transient failures are
 * retried a bounded number of times with backoff.
 */
export class SentinelTokenClient {
  private tokens: SentinelTokens | undefined;
  private readonly flights = new SingleFlight<'tokens', SentinelTokens>();
  private readonly now: () => number;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: SentinelTokenClientOptions) {
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
  }

  get agentUserId(): string {
    return this.options.agentUserId;
  }

  /** Valid tokens, fetching new ones when absent or about to expire. */
  async getTokens(): Promise<SentinelTokens> {
    const current = this.tokens;
    if (current && this.now() < this.refreshAt(current)) return current;
    return this.flights.run('tokens', () => this.fetchTokens());
  }

  async accessToken(): Promise<string> {
    return (await this.getTokens()).accessToken;
  }

  /** Headers for an outbound A2A call to another agent or service. */
  async a2aHeaders(): Promise<Record<'X-Agent-Secret-Token' | 'X-Agent-User-Id', string>> {
    const { agentSecretToken } = await this.getTokens();
    return { 'X-Agent-Secret-Token': agentSecretToken, 'X-Agent-User-Id': this.agentUserId };
  }

  /** Forgets the cached tokens (Sentinel said they are no longer valid). */
  invalidate(rejected?: string): void {
    if (rejected === undefined || this.tokens?.accessToken === rejected) this.tokens = undefined;
  }

  private refreshAt(tokens: SentinelTokens): number {
    const skewMs = (this.options.refreshSkewSeconds ?? 60) * 1_000;
    const lifetime = tokens.expiresAt - tokens.issuedAt;
    return tokens.expiresAt - Math.min(skewMs, lifetime / 2);
  }

  private async fetchTokens(): Promise<SentinelTokens> {
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 3);
    const backoffMs = this.options.backoffMs ?? 200;

    for (let attempt = 1; ; attempt += 1) {
      try {
        const issuedAt = this.now();
        const tokens = parseTokens(await this.requestTokens(), issuedAt);
        this.tokens = tokens;
        return tokens;
      } catch (error) {
        const retryable = error instanceof SentinelError && error.retryable;
        if (!retryable || attempt >= maxAttempts) throw error;

        const hinted = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1_000 : 0;
        await sleep(Math.min(5_000, Math.max(hinted, backoffMs * 2 ** (attempt - 1))));
      }
    }
  }

  private requestTokens(): Promise<unknown> {
    return postForm(
      this.fetchImpl,
      `${this.options.baseUrl}/oauth/token`,
      {
        grant_type: 'client_credentials',
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        scope: this.options.scope ?? 'a2a',
      },
      { timeoutMs: this.options.timeoutMs ?? 5_000 },
    );
  }
}

// Sentinel's SDKs reject an answer missing any of the three fields; so do we.
function parseTokens(body: unknown, issuedAt: number): SentinelTokens {
  const { access_token, agent_secret_token, expires_in } = (body ?? {}) as TokenResponse;
  if (
    typeof access_token !== 'string' ||
    access_token === '' ||
    typeof agent_secret_token !== 'string' ||
    agent_secret_token === '' ||
    typeof expires_in !== 'number' ||
    !(expires_in > 0)
  ) {
    throw new SentinelError(
      'token response lacks access_token, agent_secret_token or expires_in',
      502,
    );
  }
  return {
    accessToken: access_token,
    agentSecretToken: agent_secret_token,
    issuedAt,
    expiresAt: issuedAt + expires_in * 1_000,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
