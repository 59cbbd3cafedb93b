import { ConfigError } from '../../kit/config.ts';
import { runService } from '../../kit/lifecycle.ts';
import { buildApp } from './app.ts';
import { loadRouterConfig } from './config.ts';

// Process entry: config from the environment, listen, graceful shutdown on SIGTERM.
try {
  const config = loadRouterConfig(process.env);
  const app = await buildApp({ config });
  await runService(app, config);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`router: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
