/**
 * A short reason for a failed upstream call. undici errors carry a code (ECONNREFUSED,
 * UND_ERR_SOCKET) that says more than their message, so the code leads when present.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
