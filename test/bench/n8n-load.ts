/** Load for the n8n throughput figures: signed Dub deliveries sent with bounded concurrency, answers timed. */
import { randomUUID } from 'node:crypto';
import { findEntry, signDubBody } from '../../shared';
import { median, percentile } from './measure';

/** The Dub Trigger under test uses Manual registration with this secret, so no fake service is involved. */
export const BENCH_SIGNING_SECRET = 'whsec_bench000000000000000000000000';

export interface SignedBody {
  body: string;
  signature: string;
}

export interface ThroughputFigures {
  deliveries: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** One receiving workflow (served at one URL, or at one per queue-mode webhook processor) and what was measured of it so far. */
export interface LoadTarget {
  name: string;
  /** Deliveries go to these in turn. */
  urls: string[];
  workflowId: string;
  latenciesMs: number[];
  elapsedMs: number;
  delivered: number;
}

export function loadTarget(name: string, urls: string[], workflowId: string): LoadTarget {
  return { name, urls, workflowId, latenciesMs: [], elapsedMs: 0, delivered: 0 };
}

/** Real sale.created deliveries, each with its own event id (our trigger drops repeated ids). */
export function signedBodies(count: number): SignedBody[] {
  const sample = findEntry('dub', 'sale.created')?.sample as Record<string, unknown>;
  return Array.from({ length: count }, () => {
    const body = JSON.stringify({ ...sample, id: `evt_${randomUUID().replace(/-/g, '').slice(0, 25)}` });
    return { body, signature: signDubBody(body, BENCH_SIGNING_SECRET) };
  });
}

/** Sends every body (same bytes and headers to any target) with at most `concurrency` in flight. */
export async function deliverAll(target: LoadTarget, bodies: SignedBody[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < bodies.length; index = next++) {
      const { body, signature } = bodies[index] as SignedBody;
      const started = performance.now();
      const response = await fetch(target.urls[index % target.urls.length] as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dub-signature': signature },
        body,
      });
      await response.arrayBuffer();
      target.latenciesMs.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`${target.name} answered ${response.status}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  target.elapsedMs += performance.now() - started;
  target.delivered += bodies.length;
}

export function resetFigures(target: LoadTarget): void {
  Object.assign(target, { latenciesMs: [], elapsedMs: 0, delivered: 0 });
}

export function figuresOf(target: LoadTarget): ThroughputFigures {
  return {
    deliveries: target.delivered,
    perSecond: target.delivered / (target.elapsedMs / 1000),
    p50Ms: median(target.latenciesMs),
    p99Ms: percentile(target.latenciesMs, 0.99),
  };
}
