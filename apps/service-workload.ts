import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { ClusterConfig, ServiceName } from '../clusters/cluster-config.ts';
import { CATALOG } from './catalog.ts';
import { serviceEnv } from './environment.ts';
import { identityAnnotations } from './identity.ts';
import { fullLabels, imageVersion, selectorLabels } from './labels.ts';
import { namespacedMetadata } from './object-metadata.ts';
import { hardenedPodSpec, resourceRequirements } from './pod-spec.ts';
import { LIVENESS, READINESS, STARTUP, httpProbe } from './probes.ts';
import { replicaPlan, type ReplicaPlan } from './replicas.ts';
import { WAVE } from './sync-waves.ts';

/** Props of {@link ServiceWorkload}. */
export interface ServiceWorkloadProps {
  /** The cluster being synthesized. */
  readonly config: ClusterConfig;
  /** Which Traylinx service. */
  readonly service: ServiceName;
}

/** Where cortex keeps local state when it runs as a StatefulSet with storage. */
const CORTEX_DATA = '/var/lib/cortex';

/**
 * One Traylinx service: ServiceAccount, ClusterIP Service, Deployment or StatefulSet (with its
 * headless Service), PodDisruptionBudget when more than one replica runs, and the router's HPA.
 */
export class ServiceWorkload extends Construct {
  constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    super(scope, id);
    const { config, service } = props;
    const plan = replicaPlan(config, service);
    const version = imageVersion(config.images[service]);
    const labels = fullLabels(service, 'server', version);
    const metadata = (name: string = service) => namespacedMetadata(name, labels, WAVE.workload);

    new k8s.KubeServiceAccount(this, 'service-account', {
      // Before the migration hook (wave 0), which runs under this account.
      metadata: namespacedMetadata(service, labels, WAVE.secrets,
        identityAnnotations(config, service)),
      automountServiceAccountToken: false,
    });

    new k8s.KubeService(this, 'service', {
      metadata: metadata(),
      spec: serviceSpec(service, 'ClusterIP'),
    });

    const template = podTemplate(config, service, labels);
    if (plan.kind === 'StatefulSet') {
      new k8s.KubeService(this, 'headless', {
        metadata: metadata(`${service}-headless`),
        spec: { ...serviceSpec(service, 'ClusterIP'), clusterIp: 'None' },
      });
      new CompleteStatefulSet(this, 'workload', {
        metadata: metadata(),
        spec: statefulSetSpec(config, service, template),
      });
    } else {
      new k8s.KubeDeployment(this, 'workload', {
        metadata: metadata(),
        spec: deploymentSpec(service, plan, template),
      });
    }

    if (plan.replicas === undefined || plan.replicas > 1) {
      new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata: metadata(),
        spec: {
          maxUnavailable: k8s.IntOrString.fromNumber(1),
          // A crash-looping pod must not block node drains (Autopilot and EKS upgrades): it
          // serves nothing, so evicting it never costs capacity.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
          selector: { matchLabels: selectorLabels(service) },
        },
      });
    }

    if (service === 'router') {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata: metadata(),
        spec: autoscalerSpec(config),
      });
    }
  }
}

function serviceSpec(service: ServiceName, type: 'ClusterIP'): k8s.ServiceSpec {
  const port = CATALOG[service].port;
  return {
    type,
    sessionAffinity: 'None',
    selector: selectorLabels(service),
    ports: [
      { name: 'http', port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' },
    ],
  };
}

function podTemplate(
  config: ClusterConfig,
  service: ServiceName,
  labels: Record<string, string>,
): k8s.PodTemplateSpec {
  const port = CATALOG[service].port;
  const settings = config.services[service];
  const cortex = config.services.cortex;
  const keepsData = service === 'cortex' && cortex.mode === 'statefulset';
  const extraMounts = keepsData ? [{ name: 'data', mountPath: CORTEX_DATA }] : [];

  return {
    metadata: { labels },
    spec: hardenedPodSpec({
      serviceAccountName: service,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: config.drainSeconds + config.requestBudgetSeconds + 5,
      topologySpreadConstraints: spread(service),
      extraMounts,
      container: {
        name: service,
        image: config.images[service],
        ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
        env: serviceEnv(config, service),
        resources: resourceRequirements(settings.resources),
        readinessProbe: httpProbe('/ready', port, READINESS),
        livenessProbe: httpProbe('/health', port, LIVENESS),
        startupProbe: httpProbe('/health', port, STARTUP),
      },
    }),
  };
}

/** Zones must stay balanced; hosts preferably so. */
function spread(service: ServiceName): k8s.TopologySpreadConstraint[] {
  const labelSelector = { matchLabels: selectorLabels(service) };
  return [
    {
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 1,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector,
    },
    {
      topologyKey: 'kubernetes.io/hostname',
      maxSkew: 1,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector,
    },
  ];
}

function deploymentSpec(
  service: ServiceName,
  plan: ReplicaPlan,
  template: k8s.PodTemplateSpec,
): k8s.DeploymentSpec {
  return {
    // The router has no replicas field: its HPA owns the count, so Argo CD never resets it.
    ...(plan.replicas === undefined ? {} : { replicas: plan.replicas }),
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    selector: { matchLabels: selectorLabels(service) },
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: {
        maxUnavailable: k8s.IntOrString.fromNumber(0),
        maxSurge: k8s.IntOrString.fromNumber(plan.surge),
      },
    },
    template,
  };
}

function statefulSetSpec(
  config: ClusterConfig,
  service: ServiceName,
  template: k8s.PodTemplateSpec,
): k8s.StatefulSetSpec {
  const cortex = config.services.cortex;
  const storage = cortex.mode === 'statefulset' ? cortex.storage : undefined;
  const claims: k8s.KubePersistentVolumeClaimProps[] = storage
    ? [
        {
          metadata: { name: 'data', labels: selectorLabels(service) },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: k8s.Quantity.fromString(storage.size) } },
            storageClassName: storage.storageClassName,
            volumeMode: 'Filesystem',
          },
        },
      ]
    : [];

  return {
    replicas: 1,
    revisionHistoryLimit: 10,
    serviceName: `${service}-headless`,
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    selector: { matchLabels: selectorLabels(service) },
    template,
    ...(claims.length > 0 ? { volumeClaimTemplates: claims } : {}),
  };
}

/**
 * The API server stores every volume claim template with `apiVersion: v1` and
 * `kind: PersistentVolumeClaim`. The typed props cannot carry them (cdk8s drops unknown fields,
 * JSON patches included), and without them Argo CD shows the StatefulSet OutOfSync after every
 * sync (argoproj/argo-cd#11143). So they are added to the serialized object.
 */
class CompleteStatefulSet extends k8s.KubeStatefulSet {
  override toJson(): any {
    const json = super.toJson();
    const claims: object[] | undefined = json.spec?.volumeClaimTemplates;
    if (claims) {
      json.spec.volumeClaimTemplates = claims.map((claim) => ({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        ...claim,
      }));
    }
    return json;
  }
}

function autoscalerSpec(config: ClusterConfig): k8s.HorizontalPodAutoscalerSpecV2 {
  const hpa = config.services.router.hpa;
  const utilization = (name: 'cpu' | 'memory', averageUtilization: number) => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization } },
  });
  return {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'router' },
    minReplicas: hpa.minReplicas,
    maxReplicas: hpa.maxReplicas,
    metrics: [
      utilization('cpu', hpa.cpuUtilization),
      utilization('memory', hpa.memoryUtilization),
    ],
    behavior: {
      // Written in full (the upstream default values): a partial scaleUp would be filled in by
      // the API server, while a complete one is stored as written.
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Percent', value: 100, periodSeconds: 15 },
          { type: 'Pods', value: 4, periodSeconds: 15 },
        ],
      },
      // Shed at most half the pods a minute, after five calm minutes.
      scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
      },
    },
  };
}
