/** The outgoing side: POSTs a webhook body to a receiver, with a deadline, through a private
 *  connection pool that the sandbox closes with itself. */
import { Agent, request } from 'undici';

export interface PostResult {
  /** null when no answer came: network error or timeout. */
  status: number | null;
  error?: string;
}

export class WebhookPoster {
  private readonly agent = new Agent({ keepAliveTimeout: 1_000, keepAliveMaxTimeout: 1_000 });

  async post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await request(url, { method: 'POST', body, headers, dispatcher: this.agent, signal });
      // Drain the answer so the connection can be reused; its content does not matter.
      await response.body.dump({ limit: 1024 * 1024, signal }).catch(() => undefined);
      return { status: response.statusCode };
    } catch (error) {
      const timedOut = signal.aborted;
      return { status: null, error: timedOut ? `no answer within ${timeoutMs} ms` : describe(error) };
    }
  }

  /** Drops in-flight deliveries rather than waiting for slow receivers. */
  async close(): Promise<void> {
    await this.agent.destroy();
  }
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
