import { randomUUID } from 'node:crypto';

/** An agent identity minted on the Sentinel stand-in, with a live agent secret token. */
export interface AgentIdentity {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly agentUserId: string;
  readonly agentSecretToken: string;
}

/** Mints a fresh client on the stand-in (`POST /local/clients`) and gets its tokens. */
export async function mintIdentity(standinUrl: string): Promise<AgentIdentity> {
  const minted = await fetch(`${standinUrl}/local/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (minted.status !== 201) throw new Error(`minting a client answered ${minted.status}`);
  const client = (await minted.json()) as {
    client_id: string;
    client_secret: string;
    agent_user_id: string;
  };
  return identityFor(standinUrl, client.client_id, client.client_secret, client.agent_user_id);
}

/** Tokens for a known client (e.g. a seeded service client). */
export async function identityFor(
  standinUrl: string,
  clientId: string,
  clientSecret: string,
  agentUserId: string,
): Promise<AgentIdentity> {
  const response = await fetch(`${standinUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'a2a',
    }).toString(),
  });
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
  const tokens = (await response.json()) as { agent_secret_token: string };
  return { clientId, clientSecret, agentUserId, agentSecretToken: tokens.agent_secret_token };
}

/** One A2A call as a test or demo sends it. */
export interface A2aCall {
  readonly action: string;
  readonly payload: unknown;
  /** Who signs the call; omitted: no credentials at all. */
  readonly identity?: AgentIdentity;
  /** `envelope.sender_agent_key`. Default `test-agent`. */
  readonly senderAgentKey?: string;
  /** `envelope.message_id`. Default a new UUID. */
  readonly messageId?: string;
  /** Extra or overriding headers (e.g. a forged token). */
  readonly headers?: Record<string, string>;
  /** Replaces the whole body (bad-input tests). */
  readonly rawBody?: unknown;
}

/** The HTTP answer, body parsed as JSON when it is JSON. */
export interface A2aAnswer {
  readonly status: number;
  readonly body: any;
}

/** POSTs an A2A message to `url` with the identity's `X-Agent-Secret-Token`/`X-Agent-User-Id`. */
export async function callA2a(url: string, call: A2aCall): Promise<A2aAnswer> {
  const headers: Record<string, string> = {
    'content-type': 'application/vnd.traylinx.a2a+json; version=1',
  };
  if (call.identity) {
    headers['x-agent-secret-token'] = call.identity.agentSecretToken;
    headers['x-agent-user-id'] = call.identity.agentUserId;
  }
  Object.assign(headers, call.headers);

  const body = call.rawBody ?? {
    envelope: {
      message_id: call.messageId ?? randomUUID(),
      sender_agent_key: call.senderAgentKey ?? 'test-agent',
      timestamp: new Date().toISOString(),
    },
    action: call.action,
    payload: call.payload,
  };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: the raw text is the body.
  }
  return { status: response.status, body: parsed };
}
