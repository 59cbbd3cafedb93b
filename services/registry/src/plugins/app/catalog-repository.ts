import { conflict, forbidden, notFound } from '../../../../kit/errors.ts';
import type { SqlRunner } from '../../../../kit/database/sql.ts';
import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts';
import type { ManifestFormat } from '../../schemas/catalog.ts';
import { agentKeyLock } from './agents-repository.ts';

export interface VersionEntry {
  readonly version: string;
  readonly format: string;
  readonly published_at: string;
}

export interface SearchResult {
  readonly agent_key: string;
  readonly version: string;
  readonly published_at: string;
  readonly rank: number;
  readonly name: string | null;
  readonly description: string | null;
}

interface SearchRow {
  agent_key: string;
  version: string;
  published_at: Date | string;
  rank: number;
  name: string | null;
  description: string | null;
  total: number;
}

/**
 * Versioned manifests. Versions are immutable (republishing one is 409). The owner of an
 * agent key is the owner of its registered agent, or else whoever published its first version.
 */
export class CatalogRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlRunner,
    /** Most versions one agent key may hold; default 100. */
    private readonly maxVersions = 100,
  ) {}

  async publish(
    owner: string,
    entry: { agentKey: string; version: string; manifest: object; format: ManifestFormat },
  ): Promise<VersionEntry> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        // Two first publications of one key by different users must not both pass the check.
        const lock = agentKeyLock(entry.agentKey);
        await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${lock})`;
        await assertOwner(tx, owner, entry.agentKey);
        await this.assertRoomForVersion(tx, entry.agentKey, entry.version);

        const row = await tx.catalogManifest.create({
          data: {
            agentKey: entry.agentKey,
            version: entry.version,
            manifest: entry.manifest as Prisma.InputJsonObject,
            format: entry.format,
            ownerAgentUserId: owner,
          },
        });
        return view(row);
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw conflict(
          `${entry.agentKey} ${entry.version} is already published; versions are immutable`,
        );
      }
      throw error;
    }
  }

  // Under the key's advisory lock, so concurrent publications cannot overshoot the cap. A
  // republished version is left to the unique index (409), not reported as a full key.
  private async assertRoomForVersion(
    tx: Prisma.TransactionClient,
    agentKey: string,
    version: string,
  ): Promise<void> {
    const held = await tx.catalogManifest.count({ where: { agentKey } });
    if (held < this.maxVersions) return;
    const exists = await tx.catalogManifest.count({ where: { agentKey, version } });
    if (exists > 0) return;
    throw forbidden(
      `${agentKey} already holds ${held} versions, the most MAX_VERSIONS_PER_AGENT ` +
        `(${this.maxVersions}) allows; unpublish old versions first`,
    );
  }

  /** Removes one version, or all when `version` is undefined; 404 when nothing matches. */
  async unpublish(owner: string, agentKey: string, version?: string): Promise<string[]> {
    await assertOwner(this.prisma, owner, agentKey);
    const where = { agentKey, ...(version ? { version } : {}) };

    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.catalogManifest.findMany({ where, select: { version: true } });
      if (rows.length === 0) {
        throw notFound(
          version
            ? `${agentKey} ${version} is not published`
            : `${agentKey} has no published versions`,
        );
      }
      await tx.catalogManifest.deleteMany({ where });
      return rows.map((row) => row.version).sort();
    });
  }

  /** Versions newest first; 404 when the key has none. */
  async versions(agentKey: string): Promise<VersionEntry[]> {
    const rows = await this.prisma.catalogManifest.findMany({
      where: { agentKey },
      orderBy: [{ publishedAt: 'desc' }, { version: 'desc' }],
      select: { version: true, format: true, publishedAt: true },
    });
    if (rows.length === 0) throw notFound(`${agentKey} has no published versions`);
    return rows.map(view);
  }

  async latest(agentKey: string) {
    const row = await this.prisma.catalogManifest.findFirst({
      where: { agentKey },
      orderBy: [{ publishedAt: 'desc' }, { version: 'desc' }],
      select: { version: true, format: true, publishedAt: true, manifest: true },
    });
    if (!row) throw notFound(`${agentKey} has no published versions`);
    return { ...view(row), manifest: row.manifest as Record<string, unknown> };
  }

  /**
   * Full-text search (PostgreSQL `websearch_to_tsquery`, English stemming) over the agent key and
   * every string in the manifests; one hit per agent key (its newest matching version), best
   * rank first.
   */
  async search(
    q: string,
    limit: number,
    offset: number,
  ): Promise<{ results: SearchResult[]; total: number }> {
    const rows = await this.sql.query<SearchRow>(
      `WITH query AS (SELECT websearch_to_tsquery('english', $1) AS q),
            hits AS (
              SELECT DISTINCT ON (m.agent_key)
                     m.agent_key, m.version, m.published_at,
                     ts_rank(m.search, query.q)::float8 AS rank,
                     COALESCE(m.manifest #>> '{info,name}', m.manifest ->> 'name') AS name,
                     COALESCE(m.manifest #>> '{info,description}', m.manifest ->> 'description')
                       AS description
                FROM catalog_manifests m, query
               WHERE m.search @@ query.q
               ORDER BY m.agent_key, m.published_at DESC, m.version DESC)
       SELECT hits.*, (COUNT(*) OVER ())::int AS total
         FROM hits
        ORDER BY rank DESC, agent_key
        LIMIT $2 OFFSET $3`,
      [q, limit, offset],
    );
    const total = rows[0]?.total ?? (offset > 0 ? await this.count(q) : 0);
    return {
      total,
      results: rows.map((row) => ({
        agent_key: row.agent_key,
        version: row.version,
        published_at: new Date(row.published_at).toISOString(),
        rank: Math.round(row.rank * 1e6) / 1e6,
        name: row.name,
        description: row.description,
      })),
    };
  }

  // Past the last page the window count is absent; count separately so `total` stays honest.
  private async count(q: string): Promise<number> {
    const [row] = await this.sql.query<{ total: number }>(
      `SELECT COUNT(DISTINCT agent_key)::int AS total FROM catalog_manifests
        WHERE search @@ websearch_to_tsquery('english', $1)`,
      [q],
    );
    return row?.total ?? 0;
  }
}

type Db = Pick<PrismaClient, 'agent' | 'catalogManifest'>;

/** The owner of a key: its registered agent's owner, else its first publisher; 403 otherwise. */
async function assertOwner(db: Db, owner: string, agentKey: string): Promise<void> {
  const agent = await db.agent.findUnique({
    where: { agentKey },
    select: { ownerAgentUserId: true },
  });
  const existing =
    agent ??
    (await db.catalogManifest.findFirst({
      where: { agentKey },
      orderBy: { publishedAt: 'asc' },
      select: { ownerAgentUserId: true },
    }));
  if (existing && existing.ownerAgentUserId !== owner) {
    throw forbidden(`${agentKey} is owned by another agent user`);
  }
}

function view(row: { version: string; format: string; publishedAt: Date }): VersionEntry {
  return { version: row.version, format: row.format, published_at: row.publishedAt.toISOString() };
}
