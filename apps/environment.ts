import { k8s } from 'cdk8s-plus-28';
import type { ClusterConfig, ServiceName } from '../clusters/cluster-config.ts';
import { CATALOG, NAMESPACE } from './catalog.ts';

/** Name of the Secret External Secrets materialises with `DATABASE_URL`. */
export function databaseSecretName(service: ServiceName): string {
  return `${service}-database`;
}

/** Name of the Secret with the service's Sentinel client credentials. */
export function sentinelSecretName(service: ServiceName): string {
  return `${service}-sentinel`;
}

/** In-cluster URL of a service, as the router calls it. */
export function serviceUrl(service: ServiceName): string {
  return `http://${service}.${NAMESPACE}.svc.cluster.local:${CATALOG[service].port}`;
}

function plain(name: string, value: string | number): k8s.EnvVar {
  return { name, value: String(value) };
}

function fromSecret(name: string, secret: string, key: string = name): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** `DATABASE_URL` only: what the migration Job needs. */
export function databaseEnv(service: ServiceName): k8s.EnvVar[] {
  return [fromSecret('DATABASE_URL', databaseSecretName(service))];
}

/** The service contract's environment, in a fixed order. */
export function serviceEnv(config: ClusterConfig, service: ServiceName): k8s.EnvVar[] {
  const definition = CATALOG[service];
  const settings = config.services[service];
  const env: k8s.EnvVar[] = [
    plain('NODE_ENV', 'production'),
    plain('HOME', '/tmp'),
    plain('PORT', definition.port),
    plain('LOG_LEVEL', config.logLevel),
    plain('DRAIN_SECONDS', config.drainSeconds),
  ];

  if ('database' in settings) {
    env.push(...databaseEnv(service), plain('DATABASE_POOL_MAX', settings.database.poolSize));
  }

  env.push(
    plain('TRAYLINX_API_BASE_URL', config.sentinelBaseUrl),
    fromSecret('TRAYLINX_CLIENT_ID', sentinelSecretName(service)),
    fromSecret('TRAYLINX_CLIENT_SECRET', sentinelSecretName(service)),
    plain('TRAYLINX_AGENT_USER_ID', settings.agentUserId),
    plain('OTEL_SERVICE_NAME', service),
    plain('OTEL_EXPORTER_OTLP_ENDPOINT', config.telemetry.endpoint),
    plain('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf'),
    plain('OTEL_RESOURCE_ATTRIBUTES', `k8s.cluster.name=${config.name},` +
      `k8s.namespace.name=${NAMESPACE}`),
  );

  if (service === 'router') {
    env.push(
      fromSecret('TRAYLINX_UPSTREAM_CLIENT_ID', sentinelSecretName(service)),
      fromSecret('TRAYLINX_UPSTREAM_CLIENT_SECRET', sentinelSecretName(service)),
      plain('TRAYLINX_UPSTREAM_AGENT_USER_ID', config.services.router.upstreamAgentUserId),
      plain('REGISTRY_URL', serviceUrl('registry')),
      plain('SUBSCRIPTION_URL', serviceUrl('subscription')),
    );
  }
  env.push(...routerIdentityEnv(config, service));
  return env;
}

/**
 * The router forwards its agent-facing credentials to agents, so that identity must buy nothing
 * upstream: the registry refuses it every write and stats report, and lets only the router's
 * upstream identity (never sent to agents) report stats; the subscription service refuses both
 * router identities subscribe/unsubscribe.
 */
function routerIdentityEnv(config: ClusterConfig, service: ServiceName): k8s.EnvVar[] {
  const { agentUserId: router, upstreamAgentUserId: upstream } = config.services.router;
  switch (service) {
    case 'registry':
      return [
        plain('STATS_REPORTER_AGENT_USER_IDS', upstream),
        plain('ROUTER_AGENT_USER_IDS', router),
      ];
    case 'subscription':
      return [plain('ROUTER_AGENT_USER_IDS', `${router},${upstream}`)];
    default:
      return [];
  }
}
