import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { ClusterConfig, DatabaseServiceName } from '../clusters/cluster-config.ts';
import { NAMESPACE } from './catalog.ts';
import { databaseEnv } from './environment.ts';
import { fullLabels, imageVersion } from './labels.ts';
import { hardenedPodSpec, resourceRequirements } from './pod-spec.ts';
import { WAVE, syncWave } from './sync-waves.ts';

/** Props of {@link MigrationJob}. */
export interface MigrationJobProps {
  /** The cluster being synthesized. */
  readonly config: ClusterConfig;
  /** The service whose schema is migrated. */
  readonly service: DatabaseServiceName;
  /** Longest a migration may run before the Job fails. Default: 600 s. */
  readonly deadlineSeconds?: number;
}

/**
 * `prisma migrate deploy` as an Argo CD Sync hook at wave 0: after the secrets (wave -1), before
 * the workloads (wave 1), on every sync. One pod at a time; the previous Job is deleted before the
 * next is created, and hooks are not part of the diff, so the app stays Synced.
 */
export class MigrationJob extends Construct {
  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const { config, service } = props;
    const name = `${service}-migrate`;
    const labels = fullLabels(service, 'migration', imageVersion(config.images[service]), name);

    new k8s.KubeJob(this, 'job', {
      metadata: {
        name,
        namespace: NAMESPACE,
        labels,
        annotations: {
          'argocd.argoproj.io/hook': 'Sync',
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
          ...syncWave(WAVE.migration),
        },
      },
      spec: {
        parallelism: 1,
        completions: 1,
        backoffLimit: 2,
        activeDeadlineSeconds: props.deadlineSeconds ?? 600,
        template: {
          metadata: { labels },
          // The Job's own ServiceAccount would need no cloud identity; reuse the service's.
          spec: hardenedPodSpec({
            serviceAccountName: service,
            restartPolicy: 'Never',
            terminationGracePeriodSeconds: 30,
            container: {
              name: 'migrate',
              image: config.images[service],
              command: [
                'node_modules/.bin/prisma',
                'migrate',
                'deploy',
                '--config',
                `services/${service}/prisma.config.ts`,
              ],
              env: [
                { name: 'HOME', value: '/tmp' },
                // The CLI's update check calls checkpoint.prisma.io, which egress policy blocks.
                { name: 'CHECKPOINT_DISABLE', value: '1' },
                ...databaseEnv(service),
              ],
              resources: resourceRequirements(config.services[service].resources),
            },
          }),
        },
      },
    });
  }
}
