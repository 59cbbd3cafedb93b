import { request, type Dispatcher } from 'undici';

import type { AgentReply } from '../routing/attempt.ts';

/** Content type of A2A calls (the registry and our services also accept application/json). */
export const A2A_CONTENT_TYPE = 'application/vnd.traylinx.a2a+json; version=1';

/** Inputs of {@link postJson}. */
export interface PostJsonOptions {
  readonly dispatcher: Dispatcher;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** Aborts the call; the caller owns the timeout. */
  readonly signal: AbortSignal;
  /** Largest reply body read, in bytes; a bigger one fails the call. Default 1 MiB. */
  readonly maxReplyBytes?: number;
}

/**
 * Deepest JSON nesting accepted in a reply, as the kit accepts in requests. A deeper reply would
 * overflow the stack when the router serializes its answer, so the call fails instead.
 */
export const MAX_REPLY_DEPTH = 64;

/**
 * POSTs a JSON body and reads the reply with a size cap. Any HTTP status resolves; only
 * transport problems (refused, reset, aborted, oversized or over-deep reply) reject.
 */
export async function postJson(url: string, options: PostJsonOptions): Promise<AgentReply> {
  const response = await request(url, {
    method: 'POST',
    dispatcher: options.dispatcher,
    headers: { 'content-type': A2A_CONTENT_TYPE, ...options.headers },
    body: JSON.stringify(options.body),
    signal: options.signal,
  });

  const text = await readCapped(response.body, options.maxReplyBytes ?? 1024 * 1024);
  return { status: response.statusCode, body: parseBody(text) };
}

async function readCapped(body: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new ReplyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// A reply that is not JSON is still the agent's answer; it is passed on as text.
function parseBody(text: string): unknown {
  if (text === '') return null;
  if (nestingExceeds(text, MAX_REPLY_DEPTH)) throw new ReplyTooDeepError(MAX_REPLY_DEPTH);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class ReplyTooLargeError extends Error {
  readonly code = 'REPLY_TOO_LARGE';

  constructor(maxBytes: number) {
    super(`reply larger than ${maxBytes} bytes`);
  }
}

export class ReplyTooDeepError extends Error {
  readonly code = 'REPLY_TOO_DEEP';

  constructor(maxDepth: number) {
    super(`reply JSON nested deeper than ${maxDepth} levels`);
  }
}

// One pass over the text, brackets inside strings skipped: no parse, no recursion.
function nestingExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}
