import { ConfigError } from '../../kit/config.ts';
import { runService } from '../../kit/lifecycle.ts';
import { buildApp } from './app.ts';
import { loadSubscriptionConfig } from './config.ts';

// Process entry: config from the environment, listen, graceful shutdown on SIGTERM.
try {
  const config = loadSubscriptionConfig(process.env);
  const app = await buildApp({ config });
  await runService(app, config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // One JSON line, like every other log line; the message lists each bad variable.
  console.error(JSON.stringify({ level: 'fatal', service: 'subscription', msg: error.message,
    problems: error.problems }));
  process.exit(1);
}
