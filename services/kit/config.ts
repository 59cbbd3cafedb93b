/**
 * Environment configuration shared by every service: parsed and validated once at start-up.
 *
 * All problems are collected and reported together, one line per bad variable, so an operator
 * fixes a broken deployment in one round instead of one restart per variable.
 */

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Sentinel (OAuth2) settings a service uses to get its own tokens and introspect callers. */
export interface SentinelConfig {
  /** `TRAYLINX_API_BASE_URL`, without trailing slash; https required in production. */
  readonly baseUrl: string;
  /** `TRAYLINX_CLIENT_ID`: 3-100 characters of `[A-Za-z0-9_-]`. */
  readonly clientId: string;
  /** `TRAYLINX_CLIENT_SECRET`: 10-500 characters. */
  readonly clientSecret: string;
  /** `TRAYLINX_AGENT_USER_ID`: the service's own agent user id (UUID). */
  readonly agentUserId: string;
}

/** Settings every service reads. */
export interface BaseConfig {
  /** `NODE_ENV`; default `development`. */
  readonly nodeEnv: NodeEnv;
  readonly production: boolean;
  /** `PORT`; default the service's port from the deployment contract. */
  readonly port: number;
  /** `HOST`; default 127.0.0.1 outside production, 0.0.0.0 in production. */
  readonly host: string;
  /** `LOG_LEVEL`; default `info` (`silent` under NODE_ENV=test). */
  readonly logLevel: LogLevel;
  /** `DATABASE_URL`; undefined means embedded PGlite (never in production). */
  readonly databaseUrl: string | undefined;
  /** `DATABASE_POOL_MAX`; default 10, 1-100. */
  readonly databasePoolMax: number;
  /** `DRAIN_SECONDS`: how long /ready says 503 before the server closes; default 5, 0-300. */
  readonly drainSeconds: number;
  /** Sentinel settings; undefined in development when none are given. */
  readonly sentinel: SentinelConfig | undefined;
}

/** Raised with every problem found; `message` has one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads typed variables from `env`, recording problems instead of throwing on the first. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(readonly env: Env) {}

  /** A trimmed non-empty value, or undefined when unset or blank. */
  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  required(name: string, why: string): string | undefined {
    const value = this.optional(name);
    if (value === undefined) this.problems.push(`${name} is required ${why}`);
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;

    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, got ${raw}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;

    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got ${raw}`);
    return fallback;
  }

  /** A URL whose protocol is one of `protocols`; returns it without a trailing slash. */
  url(
    name: string,
    protocols: readonly string[],
    raw = this.optional(name),
    context = '',
  ): string | undefined {
    if (raw === undefined) return undefined;

    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      this.problems.push(`${name} must be a URL, got ${raw}`);
      return undefined;
    }
    if (!protocols.includes(parsed.protocol)) {
      const list = protocols.map((p) => p.replace(/:$/, '')).join(' or ');
      this.problems.push(`${name} must be ${list}${context}, got ${redact(parsed)}`);
      return undefined;
    }
    return raw.replace(/\/+$/, '');
  }

  /** Throws a {@link ConfigError} when any problem was recorded. */
  finish(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

// Credentials in a URL must never reach logs or error messages.
function redact(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href;
}

/** How a service describes itself to {@link loadBaseConfig}. */
export interface ServiceConfigSpec {
  /** Port from the deployment contract, used when PORT is unset. */
  readonly defaultPort: number;
  /** True for services with a database: production then requires DATABASE_URL. */
  readonly database: boolean;
}

/** A Sentinel client id: 3-100 characters of `[A-Za-z0-9_-]`. */
export const CLIENT_ID = /^[A-Za-z0-9_-]{3,100}$/;
/** An agent user id: a UUID, any case. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/**
 * Reads the shared variables. Services with more settings call this with their own reader and
 * then read theirs from it before `reader.finish()`, so all problems surface together.
 */
export function readBaseConfig(reader: EnvReader, spec: ServiceConfigSpec): BaseConfig {
  const nodeEnv = reader.oneOf<NodeEnv>(
    'NODE_ENV',
    ['development', 'test', 'production'],
    'development',
  );
  const production = nodeEnv === 'production';

  const port = reader.integer('PORT', spec.defaultPort, 1, 65_535);
  const host = reader.optional('HOST') ?? (production ? '0.0.0.0' : '127.0.0.1');
  const logLevel = reader.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');

  const databaseUrl = spec.database
    ? readDatabaseUrl(reader, production)
    : reader.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const databasePoolMax = reader.integer('DATABASE_POOL_MAX', 10, 1, 100);
  const drainSeconds = reader.integer('DRAIN_SECONDS', 5, 0, 300);

  return {
    nodeEnv,
    production,
    port,
    host,
    logLevel,
    databaseUrl,
    databasePoolMax,
    drainSeconds,
    sentinel: readSentinel(reader, production),
  };
}

function readDatabaseUrl(reader: EnvReader, production: boolean): string | undefined {
  if (production) {
    const raw = reader.required('DATABASE_URL', 'in production (embedded PGlite is dev only)');
    return reader.url('DATABASE_URL', ['postgres:', 'postgresql:'], raw);
  }
  return reader.url('DATABASE_URL', ['postgres:', 'postgresql:']);
}

const SENTINEL_VARS = [
  'TRAYLINX_API_BASE_URL',
  'TRAYLINX_CLIENT_ID',
  'TRAYLINX_CLIENT_SECRET',
  'TRAYLINX_AGENT_USER_ID',
] as const;

function readSentinel(reader: EnvReader, production: boolean): SentinelConfig | undefined {
  const anySet = SENTINEL_VARS.some((name) => reader.optional(name) !== undefined);

  // Development without any Sentinel settings runs /a2a routes closed (every call is 401);
  // a partial set is always a mistake worth reporting.
  if (!production && !anySet) return undefined;

  const why = production ? 'in production' : 'when any TRAYLINX_* variable is set';
  const rawUrl = reader.required('TRAYLINX_API_BASE_URL', why);
  const baseUrl = production
    ? reader.url('TRAYLINX_API_BASE_URL', ['https:'], rawUrl, ' in production')
    : reader.url('TRAYLINX_API_BASE_URL', ['https:', 'http:'], rawUrl);

  const clientId = reader.required('TRAYLINX_CLIENT_ID', why);
  if (clientId !== undefined && !CLIENT_ID.test(clientId)) {
    reader.problems.push('TRAYLINX_CLIENT_ID must be 3-100 characters of A-Z a-z 0-9 _ -');
  }
  const clientSecret = reader.required('TRAYLINX_CLIENT_SECRET', why);
  if (clientSecret !== undefined && (clientSecret.length < 10 || clientSecret.length > 500)) {
    reader.problems.push('TRAYLINX_CLIENT_SECRET must be 10-500 characters long');
  }
  const agentUserId = reader.required('TRAYLINX_AGENT_USER_ID', why);
  if (agentUserId !== undefined && !UUID.test(agentUserId)) {
    reader.problems.push(`TRAYLINX_AGENT_USER_ID must be a UUID, got ${agentUserId}`);
  }

  if (!baseUrl || !clientId || !clientSecret || !agentUserId) return undefined;
  return { baseUrl, clientId, clientSecret, agentUserId };
}

/** Convenience for services without settings of their own. */
export function loadBaseConfig(env: Env, spec: ServiceConfigSpec): BaseConfig {
  const reader = new EnvReader(env);
  const config = readBaseConfig(reader, spec);
  reader.finish();
  return config;
}
