/**
 * Process entry of the Sentinel stand-in (development and tests only; never deployed).
 *
 *   PORT=8002 TOKEN_TTL_SECONDS=3600 npx tsx services/sentinel-standin/src/server.ts
 */
import { EnvReader } from '../../kit/config.ts';
import { runService } from '../../kit/lifecycle.ts';
import { buildStandinApp } from './app.ts';

const reader = new EnvReader(process.env);
if (reader.optional('NODE_ENV') === 'production') {
  console.error('sentinel-standin refuses to start with NODE_ENV=production: it is a dev tool');
  process.exit(1);
}
const port = reader.integer('PORT', 8002, 0, 65_535);
const tokenTtlSeconds = reader.integer('TOKEN_TTL_SECONDS', 3600, 1, 86_400);
const logLevel = reader.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug'], 'info');
const host = reader.optional('HOST') ?? '127.0.0.1';
if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
  reader.problems.push(`HOST must be a loopback address for the stand-in, got ${host}`);
}
try {
  reader.finish();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const app = await buildStandinApp({ tokenTtlSeconds, logLevel });
await runService(app, { host, port, drainSeconds: 0 });
