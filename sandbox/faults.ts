import type { Fault, FaultMatch, Provider } from './types';

/** Faults that replace the answer instead of delaying or dropping it. */
export type ErrorFault = Extract<Fault, { kind: 'rate_limit' | 'server_error' }>;

interface ArmedFault {
  fault: Fault;
  remaining: number;
}

/** Faults waiting for a matching request; the first match in injection order wins and is used up. */
export class FaultStore {
  private armed: ArmedFault[] = [];

  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error('fault.times must be a positive number');
    if ((fault.kind === 'slow' || fault.kind === 'slow_answer') && !(fault.delayMs >= 0)) throw new Error(`a ${fault.kind} fault needs delayMs >= 0`);
    this.armed.push({ fault, remaining: times });
  }

  clear(): void {
    this.armed = [];
  }

  /** Returns the fault for this request, if any, and counts it as used. */
  take(provider: Provider, method: string, path: string): Fault | undefined {
    const index = this.armed.findIndex((armed) => matches(armed.fault.match, provider, method, path));
    const armed = this.armed[index];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed.splice(index, 1);
    return armed.fault;
  }
}

function matches(match: FaultMatch, provider: Provider, method: string, path: string): boolean {
  if (match.provider !== provider) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path === undefined) return true;
  if (typeof match.path === 'string') return path.startsWith(match.path);
  match.path.lastIndex = 0; // a /g or /y RegExp would otherwise remember where it stopped
  return match.path.test(path);
}
