/**
 * The lookups a trigger with no saved hook makes of the service's hook list (issue 17, item 2): kept per trigger and
 * URL for a stated interval, found or not, failed or not, so that one process asks at most once per interval however
 * requests arrive. Driven by a clock the test moves, never by waiting.
 */
import { HOOK_LOOKUP_INTERVAL_MS, HookLookups, type HookLookup } from '../../n8n/common/hook-lookup';
import type { VerifyingHook } from '../../n8n/common/static-data';

const REQUESTS = 20;

describe('the kept lookups (hook-lookup.ts), by a clock the test moves', () => {
  const hook: VerifyingHook = { id: 'wh_1', secret: 'whsec_0123456789abcdef0123456789abcdef' };

  /** An ask as the trigger makes it (a failure becomes its answer), counting the calls it makes. */
  function counted(answer: () => Promise<VerifyingHook[]>) {
    const asked = { count: 0 };
    const ask = async (): Promise<HookLookup> => {
      asked.count += 1;
      try {
        return { ok: true, hooks: await answer() };
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
    };
    return { asked, ask };
  }

  it('keeps an answer, found or not, for the interval; asks again after it', async () => {
    let now = 0;
    const lookups = new HookLookups(HOOK_LOOKUP_INTERVAL_MS, () => now);
    const found = counted(async () => [hook]);
    const none = counted(async () => []);

    for (let index = 0; index < REQUESTS; index += 1) {
      expect(await lookups.lookup('found', found.ask)).toEqual({ ok: true, hooks: [hook] });
      expect(await lookups.lookup('none', none.ask)).toEqual({ ok: true, hooks: [] });
      now += Math.floor((HOOK_LOOKUP_INTERVAL_MS - 1) / REQUESTS);
    }
    expect([found.asked.count, none.asked.count]).toEqual([1, 1]);

    now = HOOK_LOOKUP_INTERVAL_MS; // both answers came at 0
    await lookups.lookup('found', found.ask);
    await lookups.lookup('none', none.ask);
    expect([found.asked.count, none.asked.count]).toEqual([2, 2]);
  });

  it('keeps a failure too: a service that cannot be asked is not asked again within the interval', async () => {
    let now = 0;
    const lookups = new HookLookups(HOOK_LOOKUP_INTERVAL_MS, () => now);
    const failing = counted(async () => {
      throw new Error('Dub did not answer');
    });

    for (let index = 0; index < REQUESTS; index += 1) expect(await lookups.lookup('k', failing.ask)).toEqual({ ok: false, reason: 'Dub did not answer' });
    expect(failing.asked.count).toBe(1);
    now += HOOK_LOOKUP_INTERVAL_MS;
    await lookups.lookup('k', failing.ask);
    expect(failing.asked.count).toBe(2);
  });

  it('shares a call under way with every request meanwhile, and counts the interval from its answer', async () => {
    let now = 0;
    const lookups = new HookLookups(HOOK_LOOKUP_INTERVAL_MS, () => now);
    let release: (hooks: VerifyingHook[]) => void = () => undefined;
    const slow = counted(() => new Promise<VerifyingHook[]>((resolve) => (release = resolve)));

    const waiting = Array.from({ length: REQUESTS }, () => lookups.lookup('k', slow.ask));
    now += 10 * HOOK_LOOKUP_INTERVAL_MS; // a call slower than the interval
    const late = lookups.lookup('k', slow.ask);
    release([hook]);

    expect(await Promise.all([...waiting, late])).toEqual(Array(REQUESTS + 1).fill({ ok: true, hooks: [hook] }));
    expect(slow.asked.count).toBe(1);
    await lookups.lookup('k', slow.ask);
    expect(slow.asked.count).toBe(1);
  });

  it('keeps the answers of each trigger and URL apart', async () => {
    const lookups = new HookLookups(HOOK_LOOKUP_INTERVAL_MS, () => 0);
    const ask = counted(async () => [hook]);

    await lookups.lookup('wf-1:node-1:https://a.example/webhook/x', ask.ask);
    await lookups.lookup('wf-1:node-1:https://a.example/webhook-test/x', ask.ask);
    await lookups.lookup('wf-2:node-1:https://a.example/webhook/y', ask.ask);
    expect(ask.asked.count).toBe(3);
  });
});
