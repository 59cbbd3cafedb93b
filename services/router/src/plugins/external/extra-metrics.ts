import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';

/**
 * A registry for the router's own metrics, appended to the kit's `GET /metrics` text.
 *
 * TODO: the kit's createServiceApp does not expose its prom-client registry; once it does
 * (e.g. `app.metrics`), register on it and drop this hook.
 */
export function installExtraMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  // The same default label the kit's registry puts on every series.
  registry.setDefaultLabels({ service: 'router' });

  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.routeOptions.url !== '/metrics' || typeof payload !== 'string') return payload;
    return `${payload.trimEnd()}\n${await registry.metrics()}`;
  });
  return registry;
}
