import { forbidden, notFound } from '../../../../kit/errors.ts';
import type { SqlRunner } from '../../../../kit/database/sql.ts';
import type { PrismaClient } from '../../../generated/prisma/client.ts';
import type { RegisterPayload } from '../../schemas/agent.ts';

/** A capability as stored: value null for a plain name. */
export interface StoredCapability {
  readonly key: string;
  readonly value: string | null;
}

/** An agent as the routes answer it. */
export interface AgentView {
  readonly agent_key: string;
  readonly name: string;
  readonly description: string;
  readonly endpoint: string;
  readonly capabilities: StoredCapability[];
  readonly tags: string[];
  readonly version: string;
  readonly last_heartbeat_at: string | null;
}

/** Just enough to authorise a heartbeat or deregistration. */
export interface AgentOwnership {
  readonly id: string;
  readonly ownerAgentUserId: string;
}

/** `"translate"` → `{key: "translate", value: null}`; duplicates removed. */
export function normaliseCapabilities(
  capabilities: RegisterPayload['capabilities'],
): StoredCapability[] {
  const seen = new Map<string, StoredCapability>();
  for (const capability of capabilities) {
    const stored =
      typeof capability === 'string'
        ? { key: capability, value: null }
        : { key: capability.key, value: capability.value ?? null };
    seen.set(`${stored.key}\0${stored.value ?? ''}`, stored);
  }
  return [...seen.values()];
}

/** Agents and their capabilities. Owner checks live here so no route can forget them. */
export class AgentsRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlRunner,
    /** Clock in ms (registration counts as a heartbeat at this time); default `Date.now`. */
    private readonly now: () => number = Date.now,
    /** Most agents one owner may register; default 100. */
    private readonly maxPerOwner = 100,
  ) {}

  /**
   * Creates the agent owned by `owner`, or updates it when `owner` already owns it (403 when
   * someone else owns the agent, or, for a new agent, the key's catalog entries; 403 beyond
   * `maxPerOwner` agents). Capabilities are replaced; registering counts as a heartbeat. One
   * transaction: a failure leaves the previous registration untouched.
   */
  async register(
    owner: string,
    input: RegisterPayload,
  ): Promise<{ agent: AgentView; created: boolean }> {
    const capabilities = normaliseCapabilities(input.capabilities);
    const fields = {
      name: input.name,
      description: input.description ?? '',
      endpoint: input.endpoint,
      tags: [...new Set(input.tags ?? [])],
      version: input.version,
      status: 'active',
      lastHeartbeatAt: new Date(this.now()),
    };

    return this.prisma.$transaction(async (tx) => {
      // Serialises registrations of one key, first creation included (a row lock cannot
      // cover a row that does not exist yet), so two callers never both "create" it.
      const lock = agentKeyLock(input.agent_key);
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${lock})`;
      const [existing] = await tx.$queryRaw<Array<{ id: string; owner: string }>>`
        SELECT id, owner_agent_user_id AS owner FROM agents WHERE agent_key = ${input.agent_key}`;
      if (existing && existing.owner !== owner) {
        throw forbidden(`agent ${input.agent_key} is owned by another agent user`);
      }
      if (!existing) await this.assertMayCreate(tx, owner, input.agent_key);

      const agent = existing
        ? await tx.agent.update({
            where: { id: existing.id },
            data: { ...fields, capabilities: { deleteMany: {}, create: capabilities } },
            include: { capabilities: true },
          })
        : await tx.agent.create({
            data: {
              ...fields,
              agentKey: input.agent_key,
              ownerAgentUserId: owner,
              capabilities: { create: capabilities },
            },
            include: { capabilities: true },
          });

      return {
        created: !existing,
        agent: {
          agent_key: agent.agentKey,
          name: agent.name,
          description: agent.description,
          endpoint: agent.endpoint,
          capabilities: agent.capabilities
            .map((c) => ({ key: c.key, value: c.value }))
            .sort((a, b) => compare(a.key, b.key) || compare(a.value ?? '', b.value ?? '')),
          tags: agent.tags,
          version: agent.version,
          last_heartbeat_at: agent.lastHeartbeatAt?.toISOString() ?? null,
        },
      };
    });
  }

  // The catalog's owner rule (catalog-repository.ts) makes the agent's owner the key's owner:
  // a new agent must not take over catalog entries someone else published first.
  private async assertMayCreate(tx: Transaction, owner: string, agentKey: string) {
    const [publisher] = await tx.$queryRaw<Array<{ owner: string }>>`
      SELECT owner_agent_user_id AS owner FROM catalog_manifests WHERE agent_key = ${agentKey}
       ORDER BY published_at ASC LIMIT 1`;
    if (publisher && publisher.owner !== owner) {
      throw forbidden(`${agentKey} is published in the catalog by another agent user`);
    }

    // Serialises one owner's creations (always after the key lock: no lock-order cycle), so
    // concurrent registrations cannot overshoot the cap.
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${ownerLock(owner)})`;
    const [row] = await tx.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM agents WHERE owner_agent_user_id = ${owner}`;
    if ((row?.n ?? 0) >= this.maxPerOwner) {
      throw forbidden(
        `agent user ${owner} already has ${this.maxPerOwner} agents, the most allowed ` +
          '(MAX_AGENTS_PER_OWNER); deregister one first',
      );
    }
  }

  async ownership(agentKey: string): Promise<AgentOwnership | undefined> {
    const agent = await this.prisma.agent.findUnique({
      where: { agentKey },
      select: { id: true, ownerAgentUserId: true },
    });
    return agent ?? undefined;
  }

  /** Deletes the agent (capabilities and stats cascade); 404 absent, 403 not the owner. */
  async deregister(owner: string, agentKey: string): Promise<AgentOwnership> {
    const agent = await this.ownership(agentKey);
    if (!agent) throw notFound(`agent ${agentKey} is not registered`);
    if (agent.ownerAgentUserId !== owner) {
      throw forbidden(`agent ${agentKey} is owned by another agent user`);
    }

    // Conditional on the owner, so a concurrent re-registration by someone else is not deleted.
    const { count } = await this.prisma.agent.deleteMany({
      where: { id: agent.id, ownerAgentUserId: owner },
    });
    if (count === 0) throw notFound(`agent ${agentKey} is not registered`);
    return agent;
  }

  /** Ids of the registered keys among `agentKeys`. */
  async idsByKey(agentKeys: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.sql.query<{ id: string; agent_key: string }>(
      'SELECT id, agent_key FROM agents WHERE agent_key = ANY($1::varchar[])',
      [agentKeys],
    );
    return new Map(rows.map((row) => [row.agent_key, row.id]));
  }
}

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Advisory lock key for one agent key (registry and catalog writes of that key share it).
 * A 64-bit FNV-1a hash: collisions only make two unrelated keys wait for each other.
 */
export function agentKeyLock(agentKey: string): bigint {
  return fnv1a(`agent:${agentKey}`);
}

/** Advisory lock key for one owner's agent creations. */
function ownerLock(owner: string): bigint {
  return fnv1a(`owner:${owner}`);
}

function fnv1a(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, hash);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
