/**
 * Process entry of the Agent Registry. With telemetry:
 *   node --import tsx --import ./services/kit/telemetry.ts services/registry/src/server.ts
 */
import { ConfigError } from '../../kit/config.ts';
import { runService } from '../../kit/lifecycle.ts';
import { buildApp } from './app.ts';
import { readRegistryConfig } from './config.ts';

let config;
try {
  config = readRegistryConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // One JSON line, like every other log line; the message lists each bad variable.
  console.error(
    JSON.stringify({
      level: 'fatal',
      service: 'registry',
      msg: error.message,
      problems: error.problems,
    }),
  );
  process.exit(1);
}

const app = await buildApp({ config });
await runService(app, {
  host: config.host,
  port: config.port,
  drainSeconds: config.drainSeconds,
});
