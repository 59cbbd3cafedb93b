import { ConfigError, loadBaseConfig } from '../../kit/config.ts';
import { runService } from '../../kit/lifecycle.ts';
import { buildApp } from './app.ts';

// Process entry: config from the environment, listen, graceful shutdown on SIGTERM.
try {
  const config = loadBaseConfig(process.env, { defaultPort: 8001, database: true });
  const app = await buildApp({ config });
  await runService(app, config);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`subscription: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
