import { EnvReader, type LogLevel } from '../../kit/config.ts';

/** Settings of the stand-in process. */
export interface StandinConfig {
  /** `PORT`; default 8002. */
  readonly port: number;
  /** `TOKEN_TTL_SECONDS`: lifetime of issued tokens; default 3600, 1-86400. */
  readonly tokenTtlSeconds: number;
  /** `LOG_LEVEL`; default `info`. */
  readonly logLevel: LogLevel;
  /** `HOST`: loopback only; default 127.0.0.1. */
  readonly host: string;
}

const ALLOWED_ENVS = ['development', 'test'];

/**
 * Reads the stand-in's settings; throws a ConfigError listing every problem. NODE_ENV must be
 * exactly `development` or `test`: an allowlist, so a typo or an unset NODE_ENV in some
 * deployment never starts a server that hands out tokens to anyone who asks.
 */
export function readStandinConfig(env: Readonly<Record<string, string | undefined>>) {
  const reader = new EnvReader(env);
  const nodeEnv = env.NODE_ENV;
  if (nodeEnv === undefined || !ALLOWED_ENVS.includes(nodeEnv)) {
    reader.problems.push(
      `sentinel-standin is a dev tool: NODE_ENV must be development or test, got ${
        nodeEnv === undefined ? 'nothing' : JSON.stringify(nodeEnv)
      }`,
    );
  }
  const port = reader.integer('PORT', 8002, 0, 65_535);
  const tokenTtlSeconds = reader.integer('TOKEN_TTL_SECONDS', 3600, 1, 86_400);
  const logLevel = reader.oneOf<LogLevel>(
    'LOG_LEVEL',
    ['fatal', 'error', 'warn', 'info', 'debug'],
    'info',
  );
  const host = reader.optional('HOST') ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
    reader.problems.push(`HOST must be a loopback address for the stand-in, got ${host}`);
  }
  reader.finish();
  return { port, tokenTtlSeconds, logLevel, host } satisfies StandinConfig;
}
