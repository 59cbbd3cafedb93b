import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import type { ClusterConfig } from '../clusters/cluster-config.ts';
import { NAMESPACE, SERVICE_NAMES } from './catalog.ts';
import { fullLabels, imageVersion, selectorLabels } from './labels.ts';
import { WAVE, syncWave } from './sync-waves.ts';

/** Props of {@link MetricsScraping}. */
export interface MetricsScrapingProps {
  /** The cluster being synthesized. */
  readonly config: ClusterConfig;
  /** Scrape interval, a Prometheus duration. Default: `30s`. */
  readonly interval?: string;
}

/**
 * `/metrics` of every service, scraped by prometheus-operator (ServiceMonitor) or by Google
 * Managed Prometheus (PodMonitoring), as the cluster config says.
 */
export class MetricsScraping extends Construct {
  constructor(scope: Construct, id: string, props: MetricsScrapingProps) {
    super(scope, id);
    const { config } = props;
    const interval = props.interval ?? '30s';
    const prometheus = config.prometheus;

    for (const service of SERVICE_NAMES) {
      const labels = fullLabels(service, 'monitoring', imageVersion(config.images[service]));
      const annotations = syncWave(WAVE.routing);
      const endpoint = { port: 'http', path: '/metrics', scheme: 'http' as const, interval };

      if (prometheus.flavour === 'operator') {
        const monitor = new ServiceMonitor({
          metadata: {
            name: service,
            namespace: NAMESPACE,
            labels: { ...labels, ...prometheus.selectorLabels },
            annotations,
          },
          spec: {
            selector: { matchLabels: selectorLabels(service) },
            namespaceSelector: { matchNames: [NAMESPACE] },
            endpoints: [endpoint],
          },
        });
        new ApiObject(this, service, monitor.toJSON());
        continue;
      }

      // TODO: build this typed once @kubernetes-models/gke ships monitoring.googleapis.com;
      // the tests validate it against test/support/k8s-podmonitoring-schema.ts meanwhile.
      new ApiObject(this, service, {
        apiVersion: 'monitoring.googleapis.com/v1',
        kind: 'PodMonitoring',
        metadata: { name: service, namespace: NAMESPACE, labels, annotations },
        spec: {
          selector: { matchLabels: selectorLabels(service) },
          endpoints: [endpoint],
        },
      });
    }
  }
}
