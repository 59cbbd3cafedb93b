/**
 * Google Managed Prometheus `PodMonitoring` (monitoring.googleapis.com/v1) has no schema package
 * for Node; this checks the subset we write, strictly (unknown fields fail).
 * TODO: replace with a generated schema once @kubernetes-models/gke ships the kind.
 */

type Json = Record<string, unknown>;

function only(object: unknown, path: string, allowed: readonly string[]): Json {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new Error(`${path} must be an object`);
  }
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new Error(`${path}.${key} is not a PodMonitoring field`);
  }
  return object as Json;
}

function string(value: unknown, path: string, pattern: RegExp = /.+/): void {
  if (typeof value !== 'string' || !pattern.test(value)) throw new Error(`${path} is invalid`);
}

function labelMap(value: unknown, path: string): void {
  for (const [key, label] of Object.entries(only(value, path, Object.keys(value ?? {})))) {
    string(label, `${path}.${key}`);
  }
}

export function validatePodMonitoring(object: Json): void {
  const root = only(object, 'PodMonitoring', ['apiVersion', 'kind', 'metadata', 'spec']);
  string(root.apiVersion, 'apiVersion', /^monitoring\.googleapis\.com\/v1$/);
  string(root.kind, 'kind', /^PodMonitoring$/);

  const metadata = only(root.metadata, 'metadata', ['name', 'namespace', 'labels', 'annotations']);
  string(metadata.name, 'metadata.name', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  string(metadata.namespace, 'metadata.namespace');

  const spec = only(root.spec, 'spec', ['selector', 'endpoints', 'targetLabels', 'limits']);
  const selector = only(spec.selector, 'spec.selector', ['matchLabels', 'matchExpressions']);
  labelMap(selector.matchLabels, 'spec.selector.matchLabels');

  if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0) {
    throw new Error('spec.endpoints must be a non-empty list');
  }
  spec.endpoints.forEach((endpoint, index) => {
    const path = `spec.endpoints[${index}]`;
    const fields = only(endpoint, path, ['port', 'path', 'scheme', 'interval', 'timeout']);
    if (typeof fields.port !== 'number') string(fields.port, `${path}.port`);
    string(fields.path, `${path}.path`, /^\//);
    string(fields.scheme, `${path}.scheme`, /^https?$/);
    string(fields.interval, `${path}.interval`, /^\d+(ms|s|m|h)$/);
  });
}
