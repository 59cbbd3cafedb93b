import { App, Chart, YamlOutputType } from 'cdk8s';
import type { ClusterConfig, DatabaseServiceName } from '../clusters/cluster-config.ts';
import { validateCluster } from '../clusters/validate.ts';
import { CATALOG, SERVICE_NAMES, type Catalog } from './catalog.ts';
import { LetsEncryptIssuer } from './cluster-issuer.ts';
import { ExternalSecrets } from './external-secrets.ts';
import { MetricsScraping } from './metrics.ts';
import { MigrationJob } from './migration-job.ts';
import { TraylinxNamespace } from './namespace.ts';
import { NetworkPolicies } from './network-policies.ts';
import { PublicIngress } from './public-ingress.ts';
import { ServiceWorkload } from './service-workload.ts';

/**
 * One cdk8s App per cluster, one chart (= one file in `dist/<cluster>`) per app or kind, in a
 * fixed order. Validates the config first, so a bad config writes nothing.
 */
export function clusterApp(
  config: ClusterConfig,
  outdir: string,
  catalog: Catalog = CATALOG,
): App {
  validateCluster(config, catalog);
  const app = new App({
    outdir,
    outputFileExtension: '.yaml',
    yamlOutputType: YamlOutputType.FILE_PER_CHART,
  });

  new TraylinxNamespace(new Chart(app, 'namespace'), 'traylinx', { config });
  new ExternalSecrets(new Chart(app, 'secrets'), 'external-secrets', { config });
  new NetworkPolicies(new Chart(app, 'network-policies'), 'policies', { config, catalog });

  for (const service of SERVICE_NAMES) {
    const chart = new Chart(app, service);
    if (catalog[service].database) {
      new MigrationJob(chart, 'migration', { config, service: service as DatabaseServiceName });
    }
    new ServiceWorkload(chart, 'workload', { config, service });
  }

  new PublicIngress(new Chart(app, 'ingress'), 'public', { config });
  if (config.ingress.flavour === 'nginx') {
    const { acmeEmail: email, acmeServer: server } = config.ingress;
    new LetsEncryptIssuer(new Chart(app, 'cluster-issuer'), 'letsencrypt', { email, server });
  }
  new MetricsScraping(new Chart(app, 'metrics'), 'scraping', { config });
  return app;
}
