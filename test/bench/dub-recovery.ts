import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DUB_TOKEN_BUSINESS, startSandbox, type DubEnvelope } from '../../sandbox';
import { createDubClient } from '../../shared/dub/client';
import { recoverDubHook } from '../../shared/dub/hook-recovery';
import { dubHookRegistrar } from '../../shared/dub/hook-registrar';
import { replayDubEvents } from '../../shared/dub/replay';
import { timerSleep } from '../../shared/api/retry-policy';
import { createUndiciTransport } from '../../shared/transport/undici-transport';
import { catalogue } from '../../shared/catalogue';
import { median } from './measure';

const EVENTS = 100;
const ROUNDS = 3;

/**
 * Recovery of 100 events from a hook Dub disabled: from the moment the check starts (the hook disabled, its log full of
 * the 100 failed events) to the last one answered, through the core's recoverDubHook against the sandbox's Dub and a
 * local receiver. Baseline, same run: the sandbox's Dub delivering the same 100 events to the same receiver, one after
 * the other. In n8n add the wait for the next check (at most 60 s) and n8n's own answer time per event.
 */
export async function benchDubRecovery(): Promise<string> {
  const received: string[] = [];
  let down = true;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!down) received.push('x');
      res.writeHead(down ? 503 : 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
  const sandbox = await startSandbox({ dubRetryDelaysMs: [] });
  const sample = catalogue.dub.find((entry) => entry.event === 'sale.created')?.sample as DubEnvelope;
  const events = Array.from({ length: EVENTS }, (_, n) => ({ ...sample, id: `evt_bench${String(n).padStart(16, '0')}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() }));
  const recoveries: number[] = [];
  const baselines: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      sandbox.reset();
      const client = createDubClient({ transport: createUndiciTransport(), token: DUB_TOKEN_BUSINESS, baseUrl: sandbox.dubBaseUrl, policy: { sleep: timerSleep } });
      const spec = { url, triggers: ['sale.created' as const], name: 'linkhooks: bench' };
      const { registration } = await dubHookRegistrar(client).ensure(spec);
      down = true;
      // Published together, as Dub publishes events as they happen: all 100 attempted before the 20th failure disables it.
      await Promise.all(events.map((event) => sandbox.dub.deliver(event)));
      down = false;
      received.length = 0;
      let started = process.hrtime.bigint();
      const report = await recoverDubHook({
        client,
        spec,
        state: { hook: registration, parked: [], recovered: [] },
        replay: (waiting, live) => replayDubEvents(waiting, { transport: createUndiciTransport(), url: live.url, secret: live.secret }),
      });
      recoveries.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (report.found !== 'disabled' || received.length !== EVENTS) throw new Error(`bench: recovered ${received.length} of ${EVENTS} (${report.found})`);

      started = process.hrtime.bigint();
      for (const event of events) await sandbox.dub.deliver(event);
      baselines.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    await sandbox.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
  const recovery = median(recoveries);
  const baseline = median(baselines);
  return (
    `hook disabled → last of ${EVENTS} recovered events: ${recovery.toFixed(0)} ms (median of ${ROUNDS}); Dub delivering the same ${EVENTS} ` +
    `one by one: ${baseline.toFixed(0)} ms; ratio ${(recovery / baseline).toFixed(2)}×. In n8n add the wait for the next check (≤ 60 s).`
  );
}
