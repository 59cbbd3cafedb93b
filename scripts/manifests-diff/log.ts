/**
 * One JSON line per event on stderr, so stdout carries only the diff (or the comment body) and
 * CI can redirect it to a file untouched.
 */
export function logEvent(event: string, fields: Record<string, unknown> = {}): void {
  const line = { time: new Date().toISOString(), event, ...fields };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}
