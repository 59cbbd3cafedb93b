/** Small HTTP helpers for talking to Sentinel: form posts with a timeout. */

/** A non-2xx answer or a transport failure from Sentinel. */
export class SentinelError extends Error {
  override name = 'SentinelError';

  constructor(
    message: string,
    /** HTTP status, or undefined for network errors and timeouts. */
    readonly status: number | undefined,
    /** Seconds from a Retry-After header, if any. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** 429, 5xx and transport failures are worth another try; other 4xx are not. */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}

export type FetchLike = typeof fetch;

/** POSTs `form` url-encoded and returns the parsed JSON body of a 2xx answer. */
export async function postForm(
  fetchImpl: FetchLike,
  url: string,
  form: Record<string, string>,
  options: { timeoutMs: number; bearer?: string },
): Promise<unknown> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;

  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers,
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `timed out after ${options.timeoutMs} ms`
        : (error as Error).message;
    throw new SentinelError(`POST ${url} failed: ${reason}`, undefined);
  }

  if (!response.ok) {
    await response.body?.cancel();
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new SentinelError(
      `POST ${url} answered ${response.status}`,
      response.status,
      Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    );
  }

  try {
    return await response.json();
  } catch {
    throw new SentinelError(`POST ${url} answered ${response.status} without JSON`, 502);
  }
}
