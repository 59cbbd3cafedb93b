/**
 * Renders the subset of Go templates the ApplicationSet uses, `{{ .a.b }}`, the way Argo CD does
 * with goTemplate and missingkey=error: an unknown key is an error, not an empty string. Any
 * other template construct throws too, so a template this subset cannot check fails the tests
 * instead of passing unrendered.
 */
export function renderGoTemplate(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{\{(.*?)\}\}/g, (action: string, body: string) => {
    const match = /^\s*\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*$/.exec(body);
    if (!match) throw new Error(`unsupported template action ${action}`);

    let value: unknown = params;
    for (const key of (match[1] as string).split('.')) {
      if (typeof value !== 'object' || value === null || !(key in value)) {
        throw new Error(`map has no entry for key "${key}" in ${action}`);
      }
      value = (value as Record<string, unknown>)[key];
    }
    if (typeof value !== 'string') throw new Error(`${action} is not a string`);
    return value;
  });
}

/** Renders every string inside a JSON-like value (keys are left alone, as in Argo CD). */
export function renderDeep<T>(value: T, params: Record<string, unknown>): T {
  if (typeof value === 'string') return renderGoTemplate(value, params) as T;
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, params)) as T;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, renderDeep(item, params)]);
    return Object.fromEntries(entries) as T;
  }
  return value;
}
