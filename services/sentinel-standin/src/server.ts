/**
 * Process entry of the Sentinel stand-in (development and tests only; never deployed).
 *
 *   NODE_ENV=development PORT=8002 TOKEN_TTL_SECONDS=3600 \
 *     npx tsx services/sentinel-standin/src/server.ts
 */
import { runService } from '../../kit/lifecycle.ts';
import { buildStandinApp } from './app.ts';
import { readStandinConfig, type StandinConfig } from './config.ts';

let config: StandinConfig;
try {
  config = readStandinConfig(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const app = await buildStandinApp({
  tokenTtlSeconds: config.tokenTtlSeconds,
  logLevel: config.logLevel,
});
await runService(app, { host: config.host, port: config.port, drainSeconds: 0 });
