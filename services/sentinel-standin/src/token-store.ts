import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { StandinClient } from './seed.ts';

/** What the stand-in remembers about an issued token. */
export interface IssuedToken {
  readonly clientId: string;
  readonly agentUserId: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** Clients and the tokens issued to them, in memory (the stand-in is dev-only). */
export class TokenStore {
  private readonly clients = new Map<string, StandinClient>();
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly agentTokens = new Map<string, IssuedToken>();

  constructor(
    seed: readonly StandinClient[],
    private readonly now: () => number = Date.now,
  ) {
    for (const client of seed) this.clients.set(client.clientId, client);
  }

  /** The client if id and secret match (constant-time compare), else undefined. */
  authenticate(clientId: string, clientSecret: string): StandinClient | undefined {
    const client = this.clients.get(clientId);
    if (!client) return undefined;

    const expected = Buffer.from(client.clientSecret);
    const given = Buffer.from(clientSecret);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return client;
  }

  /** Registers a new client with a random secret and agent user id. */
  mint(clientId = `agent-${randomBytes(4).toString('hex')}`): StandinClient {
    if (this.clients.has(clientId)) throw new Error(`client ${clientId} exists`);
    const client = {
      clientId,
      clientSecret: randomBytes(24).toString('base64url'),
      agentUserId: randomUUID(),
    };
    this.clients.set(clientId, client);
    return client;
  }

  /** Issues an access token and an agent secret token living `ttlSeconds`. */
  issue(client: StandinClient, ttlSeconds: number): { access: string; agent: string } {
    this.prune();
    const issued = {
      clientId: client.clientId,
      agentUserId: client.agentUserId,
      expiresAt: this.now() + ttlSeconds * 1_000,
    };
    // Same outer shape as Sentinel's: AgentSecretToken_<nonce>_<payload>; the payload is opaque.
    const agent = `AgentSecretToken_${randomBytes(12).toString('hex')}_${randomBytes(32).toString(
      'base64url',
    )}`;
    const access = randomBytes(32).toString('base64url');
    this.accessTokens.set(access, issued);
    this.agentTokens.set(agent, issued);
    return { access, agent };
  }

  /** The live access token's record, or undefined. */
  access(token: string): IssuedToken | undefined {
    return this.live(this.accessTokens, token);
  }

  /** The live agent secret token's record, or undefined. */
  agent(token: string): IssuedToken | undefined {
    return this.live(this.agentTokens, token);
  }

  /** Revokes every token of `clientId`; returns how many. */
  revoke(clientId: string): number {
    let count = 0;
    for (const tokens of [this.accessTokens, this.agentTokens]) {
      for (const [token, issued] of tokens) {
        if (issued.clientId === clientId) {
          tokens.delete(token);
          count += 1;
        }
      }
    }
    return count;
  }

  private live(tokens: Map<string, IssuedToken>, token: string): IssuedToken | undefined {
    const issued = tokens.get(token);
    if (!issued || issued.expiresAt <= this.now()) return undefined;
    return issued;
  }

  private prune(): void {
    const now = this.now();
    for (const tokens of [this.accessTokens, this.agentTokens]) {
      for (const [token, issued] of tokens) if (issued.expiresAt <= now) tokens.delete(token);
    }
  }
}
