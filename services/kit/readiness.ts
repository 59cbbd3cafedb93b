import type { FastifyInstance } from 'fastify';

/** One dependency /ready checks; it throws (or rejects) when the service cannot serve. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<void>;
}

/** Readiness of one app: its checks and whether it is draining for shutdown. */
export class Readiness {
  private drainingSince: number | undefined;
  private readonly checks: ReadinessCheck[] = [];

  /** Each check gets this long before it counts as failed (default 2000 ms). */
  constructor(private readonly timeoutMs = 2_000) {}

  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  /** From now on /ready answers 503, while every other route keeps serving. */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Undefined when ready, else the reason it is not. */
  async problem(): Promise<string | undefined> {
    if (this.draining) return 'draining for shutdown';

    for (const { name, check } of this.checks) {
      try {
        await withTimeout(check(), this.timeoutMs, name);
      } catch (error) {
        return `${name}: ${(error as Error).message}`;
      }
    }
    return undefined;
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} check timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const statusSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string' } },
} as const;

/** `GET /health` (alive, no I/O) and `GET /ready` (checks pass and not draining). */
export function installHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  // Starts as "ready" so a healthy start logs nothing here; the entry point logs listening.
  let lastProblem: string | undefined;

  app.get(
    '/health',
    { schema: { tags: ['health'], response: { 200: statusSchema } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    { schema: { tags: ['health'], response: { 200: statusSchema, 503: { $ref: 'ErrorBody#' } } } },
    async (request, reply) => {
      const problem = await readiness.problem();

      // Probes ask every few seconds: log when readiness changes, not on every answer.
      if (problem !== lastProblem) {
        if (problem === undefined) request.log.info('ready');
        else request.log.warn({ reason: problem }, 'not ready');
        lastProblem = problem;
      }
      if (problem === undefined) return { status: 'ready' };
      return reply.status(503).send({ error: { code: 'not_ready', message: problem } });
    },
  );
}
