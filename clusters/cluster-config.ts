/**
 * What differs between clusters, and nothing else. Everything that is the same everywhere
 * (ports, probes, env names, security context) lives in `apps/`.
 *
 * No field has a default: a cluster file states every value, so a review of one file shows the
 * whole environment. Fields marked optional (`?`) are absent by choice; their doc says what
 * absence means. `clusters/validate.ts` checks every field before synth.
 */

/** The four Traylinx Core services; also the object names in namespace `traylinx`. */
export type ServiceName = 'registry' | 'router' | 'subscription' | 'cortex';

/** Services that own a logical database of the same name and run a migration Job. */
export type DatabaseServiceName = 'registry' | 'subscription' | 'cortex';

/**
 * A Sentinel agent user id: a UUID in its canonical lower-case 8-4-4-4-12 form. The type catches
 * a missing dash at compile time; `clusters/validate.ts` checks the hex digits and version.
 */
export type AgentUserId = `${string}-${string}-${string}-${string}-${string}`;

/** CPU, memory and ephemeral storage of one container, as canonical Kubernetes quantities. */
export interface ResourceSizes {
  /** CPU, canonical form (`250m`, `1`; never `0.5` or `1000m`). */
  readonly cpu: string;
  /** Memory, canonical form (`512Mi`, `1Gi`; never `1024Mi`). */
  readonly memory: string;
  /** Ephemeral storage, canonical form. Written so GKE Autopilot has nothing to fill in. */
  readonly ephemeralStorage: string;
}

/**
 * Requests and limits. On GKE Autopilot they must be equal and memory must be 1-6.5 GiB per CPU
 * (validation enforces both; Autopilot would rewrite them otherwise).
 */
export interface ContainerResources {
  /** What the scheduler reserves. */
  readonly requests: ResourceSizes;
  /** The hard ceiling. */
  readonly limits: ResourceSizes;
}

/** Settings every service has. */
export interface ServiceSettings {
  /** Resources of the service container. The migration Job reuses them. */
  readonly resources: ContainerResources;
  /**
   * Extra pods during a rollout (maxUnavailable is always 0). No default (configs use 1); an
   * integer from 1 to the service's (maximum) replica count, 1 for a StatefulSet cortex.
   */
  readonly maxSurge: number;
  /**
   * The Sentinel agent user (a UUID, sent as `X-Agent-User-Id`) the service acts as, passed in
   * `TRAYLINX_AGENT_USER_ID`. Each service has its own agent user, so ids differ per cluster.
   */
  readonly agentUserId: AgentUserId;
}

/** A service with a fixed replica count (registry, subscription). */
export interface StaticServiceSettings extends ServiceSettings {
  /**
   * Fixed replica count, an integer; a PodDisruptionBudget is written when above 1. The
   * issue's table bounds it: registry 2 or 3, subscription 2 (validation enforces both).
   */
  readonly replicas: number;
}

/** Connection pool of a database-backed service. */
export interface DatabaseUse {
  /** Key of `ClusterConfig.databases` that hosts this service's logical database. */
  readonly instance: string;
  /**
   * `DATABASE_POOL_MAX` per pod, an integer 1-100 (what the services accept); counted against
   * the instance's connection budget.
   */
  readonly poolSize: number;
}

/** Bounds of the router's HorizontalPodAutoscaler. */
export interface HpaSettings {
  /** Lower bound, an integer 2 (enforced, keeps the router highly available) to maxReplicas. */
  readonly minReplicas: number;
  /** Upper bound, an integer up to 100 (`MAX_REPLICAS` in clusters/validation/). */
  readonly maxReplicas: number;
  /** Target average CPU utilisation in percent of requests, an integer 1-100. */
  readonly cpuUtilization: number;
  /** Target average memory utilisation in percent of requests, an integer 1-100. */
  readonly memoryUtilization: number;
}

/** Cortex keeps local state (StatefulSet, one replica) or only uses the database (Deployment). */
export type CortexSettings = ServiceSettings & {
  readonly database: DatabaseUse;
} & (
    /** Uses only the database: a Deployment with `replicas` pods (1-100; PDB when above 1). */
    | { readonly mode: 'deployment'; readonly replicas: number }
    /** Keeps local state: a StatefulSet with one replica and a headless Service. */
    | {
        readonly mode: 'statefulset';
        /**
         * Volume mounted at `/var/lib/cortex`: `size` a positive canonical quantity,
         * `storageClassName` a StorageClass. Required: without it the "local state" is lost on
         * every restart (use mode `deployment` for a stateless cortex).
         */
        readonly storage: { readonly size: string; readonly storageClassName: string };
      }
  );

/** Per-service settings of one cluster. */
export interface ServicesConfig {
  /** Agent registry and public catalog: fixed replicas (2-3 for HA), own database. */
  readonly registry: StaticServiceSettings & { readonly database: DatabaseUse };
  /** Subscriptions: fixed replicas (2), own database. */
  readonly subscription: StaticServiceSettings & { readonly database: DatabaseUse };
  /** A2A router: stateless, no database, replica count owned by its HPA. */
  readonly router: ServiceSettings & {
    readonly hpa: HpaSettings;
    /**
     * The router's second Sentinel agent user (`TRAYLINX_UPSTREAM_AGENT_USER_ID`), used only
     * toward registry and subscription and never sent to agents. No default; a UUID distinct
     * from every other id. The registry lets only it report stats; `agentUserId` (forwarded to
     * agents) is refused every registry write and stats report.
     */
    readonly upstreamAgentUserId: AgentUserId;
  };
  /** Cortex: Deployment or single-replica StatefulSet, own database. */
  readonly cortex: CortexSettings;
}

/** One PostgreSQL instance that hosts one or more logical databases. */
export interface DatabaseInstance {
  /** Host name the DATABASE_URL secrets point at (documentation and review aid). */
  readonly host: string;
  /** TCP port, used by the egress network policy. */
  readonly port: number;
  /**
   * CIDR the host lives in; the egress network policy admits exactly this block. An aligned
   * IPv4 block inside RFC 1918 that contains `host` when `host` is an address.
   */
  readonly cidr: string;
  /** The server's `max_connections`, an integer 1-262143 (PostgreSQL's ceiling). */
  readonly maxConnections: number;
  /**
   * Connections kept for admins and replication, an integer from 0 to maxConnections - 1;
   * not available to services.
   */
  readonly reservedConnections: number;
}

/** Where External Secrets reads from. GKE: GCP Secret Manager; EKS: AWS Secrets Manager. */
export type SecretStoreConfig = {
  /** `SecretStore` (namespaced, default) or a `ClusterSecretStore` shared by namespaces. */
  readonly kind: 'SecretStore' | 'ClusterSecretStore';
  /** Store object name. */
  readonly name: string;
  /** How often secrets are re-read, a Go duration (`1h`) from 1m to 24h. */
  readonly refreshInterval: string;
  /**
   * Prefix of every remote secret name: `traylinx-prod-` reads
   * `traylinx-prod-registry-database-url`, `traylinx-prod-router-sentinel-client-id`, ...
   * Non-empty; GCP allows `A-Za-z0-9_-` (names up to 255), AWS also `/+=.@` (up to 512).
   */
  readonly keyPrefix: string;
} & (
  | {
      readonly provider: 'gcp-secret-manager';
      /** GCP project id that holds the secrets and the cluster. */
      readonly projectId: string;
      /**
       * GKE cluster name and location (the cluster's `region` or a zone in it), needed for the
       * workload identity token exchange.
       */
      readonly clusterName: string;
      readonly clusterLocation: string;
    }
  | {
      readonly provider: 'aws-secrets-manager';
      /** AWS region of the secrets (`us-east-1`). */
      readonly region: string;
    }
);

/** Public entry. */
export type IngressConfig =
  | {
      /** NGINX Ingress with cert-manager (Let's Encrypt, HTTP-01 on class nginx). */
      readonly flavour: 'nginx';
      /** Namespace of the ingress-nginx controller pods (network policy source). */
      readonly controllerNamespace: string;
      /** ACME account e-mail of the ClusterIssuer. */
      readonly acmeEmail: string;
      /** ACME directory URL (Let's Encrypt production or staging). */
      readonly acmeServer: string;
    }
  | {
      /** AWS Load Balancer Controller; TLS from ACM (an ALB cannot serve cert-manager certs). */
      readonly flavour: 'alb';
      /** ACM certificate ARN covering both public hosts. */
      readonly certificateArn: string;
      /**
       * VPC CIDR: the ALB is not a pod, so the network policy admits this block. An aligned
       * IPv4 block inside RFC 1918.
       */
      readonly vpcCidr: string;
    };

/** Who scrapes `/metrics`. */
export type PrometheusConfig =
  | {
      /** prometheus-operator: a ServiceMonitor per service. */
      readonly flavour: 'operator';
      /** Namespace of the Prometheus pods (network policy source). */
      readonly namespace: string;
      /** Labels the Prometheus `serviceMonitorSelector` matches. */
      readonly selectorLabels: Readonly<Record<string, string>>;
    }
  | {
      /** Google Managed Prometheus: a PodMonitoring per service, scraped from `gmp-system`. */
      readonly flavour: 'gmp';
    };

/** One cluster. Add a file under clusters/ exporting one of these and list it in index.ts. */
export interface ClusterConfig {
  /** Cluster id; also the output folder `dist/<name>` and the `cluster` telemetry attribute. */
  readonly name: string;
  /** Cloud; decides secret store provider and workload identity annotation. */
  readonly cloud: 'gke' | 'eks';
  /**
   * GKE Autopilot (gke only) rewrites limits that differ from requests, so validation forbids
   * that.
   */
  readonly autopilot: boolean;
  /** Cloud region: a GCP region on gke (`europe-west1`), an AWS region on eks (`us-east-1`). */
  readonly region: string;
  /** Public host names. */
  readonly domains: {
    /** Router's public host; A2A traffic arrives under `/a2a`. */
    readonly router: string;
    /** Registry's public catalog host; served under `/catalog`. */
    readonly catalog: string;
  };
  /** One image per service, pinned `repo@sha256:<64 hex>`. */
  readonly images: Readonly<Record<ServiceName, string>>;
  /** `LOG_LEVEL` of every service (the services also accept others; clusters use these). */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Seconds a pod keeps serving after SIGTERM while reporting not-ready (`DRAIN_SECONDS`): an
   * integer from the readiness window (10) to 300, the most the services accept.
   */
  readonly drainSeconds: number;
  /**
   * Longest request a pod finishes after draining; grace period = drain + this + 5 s. An
   * integer 1-300 (the router's longest deadline).
   */
  readonly requestBudgetSeconds: number;
  /** Per-service settings. */
  readonly services: ServicesConfig;
  /** PostgreSQL instances by key. */
  readonly databases: Readonly<Record<string, DatabaseInstance>>;
  /** External Secrets store. */
  readonly secretStore: SecretStoreConfig;
  /**
   * Workload identity per service plus `secretStore` (the reader External Secrets uses).
   * GKE: a Google service account e-mail; EKS: an IAM role ARN (IRSA).
   */
  readonly identities: Readonly<Record<ServiceName | 'secretStore', string>>;
  /** Public entry and TLS. */
  readonly ingress: IngressConfig;
  /**
   * Sentinel (managed identity provider) base URL: https on port 443, a host name, no
   * credentials, query or fragment.
   */
  readonly sentinelBaseUrl: string;
  /** OpenTelemetry collector inside the cluster (OTLP over HTTP). */
  readonly telemetry: {
    /**
     * `OTEL_EXPORTER_OTLP_ENDPOINT`, e.g.
     * `http://otel-collector.observability.svc.cluster.local:4318`.
     */
    readonly endpoint: string;
    /** Namespace of the collector pods (network policy destination). */
    readonly namespace: string;
    /** Port of the collector's OTLP/HTTP receiver. */
    readonly port: number;
  };
  /** Metrics scraping. */
  readonly prometheus: PrometheusConfig;
}
