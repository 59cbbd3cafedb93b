import { trace } from '@opentelemetry/api';
import { stdTimeFunctions, type LoggerOptions } from 'pino';
import type { LogLevel } from './config.ts';

/**
 * Adds the active span's ids to every log line, so a line can be found from a trace and back.
 * Without a telemetry SDK there is no active span and nothing is added.
 */
export function traceMixin(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};

  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * Pino options for a service: JSON, one line per event, ISO time, `service` on every line,
 * trace ids from the active span, and credentials redacted.
 */
export function loggerOptions(service: string, level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service },
    timestamp: stdTimeFunctions.isoTime,
    messageKey: 'msg',
    mixin: traceMixin,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-agent-secret-token"]',
        'headers.authorization',
        'headers["x-agent-secret-token"]',
      ],
      censor: '[redacted]',
    },
  };
}
