import type { HttpResponse } from '../transport/transport';

/** A non-2xx answer, reduced to what error messages need. */
export interface FailedCall {
  status: number;
  method: string;
  path: string;
  code?: string;
  serviceMessage?: string;
  retryAfterMs?: number;
}

/** `retryAfterMs`: for a 429, the wait the service asked for (already read from its headers). */
export function failedCall(method: string, path: string, response: HttpResponse, retryAfterMs?: number): FailedCall {
  const { code, message } = serviceError(response.body);
  return {
    status: response.status,
    method,
    path,
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { serviceMessage: message }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/** Dub sends `{error: {code, message}}`, Linkly plain text or `{error|message}`; take whatever is there. */
function serviceError(body: string): { code?: string; message?: string } {
  const text = body.trim();
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const inner = record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : record;
      const message = pickString(inner.message) ?? pickString(record.error) ?? pickString(record.message);
      const code = pickString(inner.code);
      return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
    }
  } catch {
    // plain text
  }
  return { message: text.length > 300 ? `${text.slice(0, 300)}…` : text };
}

function pickString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** "12 seconds", "2 minutes", "about 3 minutes", "about 5 hours": for messages. */
export function describeWait(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'a minute';
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  if (seconds < 2 * 3600) return `${seconds % 60 === 0 ? '' : 'about '}${Math.round(seconds / 60)} minutes`;
  return `${seconds % 3600 === 0 ? '' : 'about '}${Math.round(seconds / 3600)} hours`;
}
