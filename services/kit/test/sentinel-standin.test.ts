import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, SERVICE_CLIENTS } from '../../sentinel-standin/src/seed.ts';
import { startStandin, type RunningStandin } from '../testing/standin.ts';

let standin: RunningStandin;

beforeAll(async () => {
  standin = await startStandin({ tokenTtlSeconds: 1 });
});
afterAll(() => standin.close());

function form(path: string, body: Record<string, string>, bearer?: string) {
  return fetch(`${standin.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: new URLSearchParams(body),
  });
}

const demoForm = {
  grant_type: 'client_credentials',
  client_id: DEMO_CLIENT.clientId,
  client_secret: DEMO_CLIENT.clientSecret,
  scope: 'a2a',
};

describe('Sentinel stand-in', () => {
  it('seeds the router upstream client, distinct from the agent-facing router', async () => {
    const upstream = SERVICE_CLIENTS['router-upstream']!;
    expect(upstream).toMatchObject({
      clientId: 'traylinx-router-upstream',
      agentUserId: '0b6f3c1e-8a2d-4d6e-9f10-1a2b3c4d5e05',
    });
    expect(upstream.clientSecret).not.toBe(SERVICE_CLIENTS.router!.clientSecret);

    const response = await form('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: upstream.clientId,
      client_secret: upstream.clientSecret,
      scope: 'a2a',
    });
    expect(response.status).toBe(200);
    const tokens = await response.json();
    const introspect = await form(
      '/oauth/agent/introspect',
      { agent_secret_token: tokens.agent_secret_token, agent_user_id: upstream.agentUserId },
      tokens.access_token,
    );
    expect(await introspect.json()).toMatchObject({
      active: true,
      agent_user_id: upstream.agentUserId,
      client_id: 'traylinx-router-upstream',
    });
  });

  it('issues both tokens to the demo client and introspects them', async () => {
    const response = await form('/oauth/token', demoForm);
    expect(response.status).toBe(200);
    const tokens = await response.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 1, scope: 'a2a' });
    expect(tokens.agent_secret_token).toMatch(/^AgentSecretToken_[0-9a-f]{24}_/);

    const introspect = await form(
      '/oauth/agent/introspect',
      {
        agent_secret_token: tokens.agent_secret_token,
        agent_user_id: DEMO_CLIENT.agentUserId,
      },
      tokens.access_token,
    );
    expect(await introspect.json()).toMatchObject({
      active: true,
      agent_user_id: DEMO_CLIENT.agentUserId,
      client_id: 'demo-agent',
    });

    const otherUser = await form(
      '/oauth/agent/introspect',
      {
        agent_secret_token: tokens.agent_secret_token,
        agent_user_id: '00000000-0000-4000-8000-000000000000',
      },
      tokens.access_token,
    );
    expect(await otherUser.json()).toEqual({ active: false });
  });

  it('refuses bad credentials, other grants, introspection without live token', async () => {
    expect(
      (await form('/oauth/token', { ...demoForm, client_secret: 'wrong-secret' })).status,
    ).toBe(401);
    expect((await form('/oauth/token', { ...demoForm, grant_type: 'password' })).status).toBe(400);
    const noBearer = await form('/oauth/agent/introspect', {
      agent_secret_token: 'x',
      agent_user_id: DEMO_CLIENT.agentUserId,
    });
    expect(noBearer.status).toBe(401);
  });

  it('lets tokens expire after expires_in', async () => {
    const tokens = await (await form('/oauth/token', demoForm)).json();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const late = await form(
      '/oauth/agent/introspect',
      {
        agent_secret_token: tokens.agent_secret_token,
        agent_user_id: DEMO_CLIENT.agentUserId,
      },
      tokens.access_token,
    );
    expect(late.status).toBe(401);
  });

  it('mints new clients that can get tokens', async () => {
    const minted = await fetch(`${standin.url}/local/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'translator-1' }),
    });
    expect(minted.status).toBe(201);
    const client = await minted.json();
    expect(client.agent_user_id).toMatch(/^[0-9a-f-]{36}$/);

    const tokens = await form('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
      scope: 'a2a',
    });
    expect(tokens.status).toBe(200);

    const again = await fetch(`${standin.url}/local/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'translator-1' }),
    });
    expect(again.status).toBe(409);
  });
});
