/** The outgoing side: POSTs a webhook body to a receiver, with a deadline, through a private
 *  connection pool that the sandbox closes with itself. */
import { Agent, request } from 'undici';

export interface PostResult {
  /** null when no answer came: network error or timeout. */
  status: number | null;
  /** The answer's body as text (at most RESPONSE_BODY_LIMIT bytes); empty when no answer came. */
  body: string;
  error?: string;
}

/** How much of an answer's body is kept (Dub's log keeps the receiver's answer; a receiver's page can be large). */
export const RESPONSE_BODY_LIMIT = 64 * 1024;

export class WebhookPoster {
  private readonly agent = new Agent({ keepAliveTimeout: 1_000, keepAliveMaxTimeout: 1_000 });

  async post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await request(url, { method: 'POST', body, headers, dispatcher: this.agent, signal });
      // Read the answer whole (so the connection can be reused), keeping its start: Dub's log shows it.
      const answer = await readLimited(response.body, RESPONSE_BODY_LIMIT).catch(() => '');
      return { status: response.statusCode, body: answer };
    } catch (error) {
      const timedOut = signal.aborted;
      return { status: null, body: '', error: timedOut ? `no answer within ${timeoutMs} ms` : describe(error) };
    }
  }

  /** Drops in-flight deliveries rather than waiting for slow receivers. */
  async close(): Promise<void> {
    await this.agent.destroy();
  }
}

async function readLimited(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let kept = 0;
  for await (const chunk of body) {
    if (kept >= limit) continue;
    const part = Buffer.from(chunk).subarray(0, limit - kept);
    chunks.push(part);
    kept += part.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function isSuccess(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}
