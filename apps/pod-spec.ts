import { k8s } from 'cdk8s-plus-28';
import type { ContainerResources } from '../clusters/cluster-config.ts';
import { RUN_AS_ID } from './catalog.ts';

/** Size of the writable `/tmp` (the root filesystem is read-only). */
export const TMP_SIZE = '64Mi';

/** Requests and limits as Kubernetes wants them. */
export function resourceRequirements(resources: ContainerResources): k8s.ResourceRequirements {
  const sizes = (side: ContainerResources['requests']) => ({
    cpu: k8s.Quantity.fromString(side.cpu),
    memory: k8s.Quantity.fromString(side.memory),
    'ephemeral-storage': k8s.Quantity.fromString(side.ephemeralStorage),
  });
  return { requests: sizes(resources.requests), limits: sizes(resources.limits) };
}

/** Hardened container security context. */
export const CONTAINER_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: RUN_AS_ID,
  runAsGroup: RUN_AS_ID,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Pod-level security context. */
export const POD_SECURITY: k8s.PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: RUN_AS_ID,
  runAsGroup: RUN_AS_ID,
  fsGroup: RUN_AS_ID,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The emptyDir behind `/tmp`. */
export const TMP_VOLUME: k8s.Volume = {
  name: 'tmp',
  emptyDir: { sizeLimit: k8s.Quantity.fromString(TMP_SIZE) },
};

/** Mount of the `/tmp` volume. */
export const TMP_MOUNT: k8s.VolumeMount = { name: 'tmp', mountPath: '/tmp' };

/** Fields the API server would default on a container, written in their defaulted form. */
export const CONTAINER_DEFAULTS = {
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
} as const;

/** Fields the API server would default on a pod spec, written in their defaulted form. */
export const POD_DEFAULTS = {
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
  enableServiceLinks: false,
} as const;

/** Props of {@link hardenedPodSpec}. */
export interface HardenedPodProps {
  /** ServiceAccount the pod runs as (its token is never mounted). */
  readonly serviceAccountName: string;
  /** `Always` for servers, `Never` for Jobs. */
  readonly restartPolicy: 'Always' | 'Never';
  /** Seconds between SIGTERM and SIGKILL. */
  readonly terminationGracePeriodSeconds: number;
  /** The one container, without the defaults, security context and `/tmp` added here. */
  readonly container: k8s.Container;
  /** Mounts besides `/tmp`. Default: none. */
  readonly extraMounts?: k8s.VolumeMount[];
  /** Scheduling constraints. Default: none. */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
}

/**
 * The pod every Traylinx server and migration Job runs: non-root, read-only root with a sized
 * writable `/tmp`, no token, every defaulted field written. One place, so a hardening change
 * reaches Jobs and servers alike.
 */
export function hardenedPodSpec(props: HardenedPodProps): k8s.PodSpec {
  const { container, extraMounts = [], topologySpreadConstraints } = props;
  return {
    serviceAccountName: props.serviceAccountName,
    automountServiceAccountToken: false,
    ...POD_DEFAULTS,
    restartPolicy: props.restartPolicy,
    terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
    securityContext: POD_SECURITY,
    ...(topologySpreadConstraints ? { topologySpreadConstraints } : {}),
    containers: [
      {
        ...container,
        ...CONTAINER_DEFAULTS,
        securityContext: CONTAINER_SECURITY,
        volumeMounts: [TMP_MOUNT, ...extraMounts],
      },
    ],
    volumes: [TMP_VOLUME],
  };
}
