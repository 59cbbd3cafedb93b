import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/** One connection: statements run in order, session state (locks, transactions) is kept. */
export interface SqlSession {
  /** One parameterised statement; returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** A script of several statements without parameters (a migration file). */
  exec(script: string): Promise<void>;
}

/** Raw SQL access next to Prisma, for migrations and readiness pings. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs `work` on one dedicated connection, released afterwards. */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
}

/** A runner over a `pg` pool. */
export function poolRunner(pool: pg.Pool): SqlRunner {
  return {
    async query<T>(text: string, params?: readonly unknown[]) {
      const result = await pool.query(text, params as unknown[] | undefined);
      return result.rows as T[];
    },
    async withSession<T>(work: (session: SqlSession) => Promise<T>) {
      const client = await pool.connect();
      try {
        return await work({
          async query<R>(text: string, params?: readonly unknown[]) {
            const result = await client.query(text, params as unknown[] | undefined);
            return result.rows as R[];
          },
          async exec(script: string) {
            // Without parameters pg uses the simple protocol, which runs several statements.
            await client.query(script);
          },
        });
      } finally {
        client.release();
      }
    },
  };
}

/** A runner over PGlite, which is a single connection: a session is the instance itself. */
export function pgliteRunner(db: PGlite): SqlRunner {
  const session: SqlSession = {
    async query<T>(text: string, params?: readonly unknown[]) {
      const result = await db.query<T>(text, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
  };
  return {
    query: session.query,
    withSession: (work) => work(session),
  };
}
