import type { Provider, RecordedRequest } from './types';

/** Every API request the sandbox received, in arrival order, for tests to assert on. */
export class RequestRecorder {
  private entries: RecordedRequest[] = [];

  record(entry: Omit<RecordedRequest, 'status' | 'receivedAt'>): RecordedRequest {
    const recorded: RecordedRequest = { ...entry, receivedAt: new Date().toISOString(), status: null };
    this.entries.push(recorded);
    return recorded;
  }

  /** Copies, so callers cannot rewrite history. */
  list(provider?: Provider): RecordedRequest[] {
    return this.entries
      .filter((entry) => provider === undefined || entry.provider === provider)
      .map((entry) => ({ ...entry, query: { ...entry.query }, headers: { ...entry.headers } }));
  }

  clear(): void {
    this.entries = [];
  }
}
