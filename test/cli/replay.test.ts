/** `linkhooks hooks replay` and the health `hooks list` shows, against the sandbox's Dub (its delivery log). */
import { createHmac } from 'node:crypto';
import { DUB_TOKEN_BUSINESS, type DubEnvelope } from '../../sandbox';
import { EXIT } from '../../shared/cli/io';
import { useSandbox } from '../support/sandbox';
import { parkingUrlOf } from '../../shared';
import { bearer, call, useReceivers } from '../sandbox/helpers';
import { cli } from './run-cli';

const sandbox = useSandbox({ dubRetryDelaysMs: [1, 1, 1, 1] });
const receiver = useReceivers();

const dub = (argv: string[], token = DUB_TOKEN_BUSINESS) =>
  cli(['hooks', ...argv, '--provider', 'dub', '--base-url', sandbox().dubBaseUrl], { env: { DUB_API_KEY: token } });

function sale(n: number): DubEnvelope {
  return { id: `evt_replay${String(n).padStart(15, '0')}`, event: 'sale.created', createdAt: new Date(Date.UTC(2026, 11, 6, 9, n)).toISOString(), data: { n } };
}

/** A hook whose first event was taken, then four refused (20 failed attempts): Dub disabled it. */
async function disabledHook(): Promise<{ id: string; secret: string; url: string }> {
  let refuse = false;
  const target = await receiver(() => ({ status: refuse ? 500 : 200 }));
  const created = JSON.parse((await dub(['create', '--url', target.url, '--events', 'sale.created'])).stdout) as { hook: { id: string; secret: string } };
  await sandbox().dub.deliver(sale(0));
  refuse = true;
  // Created out of order on purpose: the replay follows createdAt, not the order of the log.
  for (const n of [2, 1, 4, 3]) await sandbox().dub.deliver(sale(n));
  return { ...created.hook, url: target.url };
}

describe('linkhooks hooks list (Dub)', () => {
  it('shows a disabled hook and how many attempts failed since its last success', async () => {
    const hook = await disabledHook();
    const [listed] = JSON.parse((await dub(['list'])).stdout) as Record<string, unknown>[];
    expect(listed).toMatchObject({ id: hook.id, disabled: true, failedSinceLastSuccess: 20, undeliveredEvents: 4 });
  });
});

describe('linkhooks hooks create (Dub) over a hook Dub disabled', () => {
  it('parks it and stops, saying what waits and how to replay it; the same create again registers a new hook', async () => {
    const hook = await disabledHook();
    const first = await dub(['create', '--url', hook.url, '--events', 'sale.created']);
    expect(first.code).toBe(EXIT.failure);
    expect(first.stderr).toContain('holds 4 event(s) Dub never delivered');
    expect(first.stderr).toContain(`linkhooks hooks replay --provider dub --id ${hook.id}`);
    expect(first.stderr).toContain('Run the same create again');
    expect(first.stderr).not.toContain(hook.secret);
    // Parked, not deleted: its log is still there to replay.
    expect(sandbox().dub.hooks()).toEqual([expect.objectContaining({ id: hook.id, url: parkingUrlOf(hook.url, hook.id) })]);

    const again = await dub(['create', '--url', hook.url, '--events', 'sale.created']);
    expect(again.code).toBe(0);
    const created = JSON.parse(again.stdout) as { outcome: string; hook: { id: string } };
    expect(created.outcome).toBe('created');
    expect(sandbox().dub.hooks().map((listed) => listed.id).sort()).toEqual([hook.id, created.hook.id].sort());
  });
});

describe('linkhooks hooks replay --provider dub', () => {
  it('sends each undelivered event once, oldest first, signed with the hook secret, and prints the answers', async () => {
    const hook = await disabledHook();
    const to = await receiver(() => ({ status: 202 }));
    const replayed = await dub(['replay', '--id', hook.id, '--to', to.url]);
    expect(replayed.code).toBe(0);
    const printed = JSON.parse(replayed.stdout) as { sent: { id: string; status: number }[]; notSent: unknown[]; hook: { disabled: boolean } };
    expect(printed.sent).toEqual([1, 2, 3, 4].map((n) => expect.objectContaining({ id: sale(n).id, event: 'sale.created', status: 202 })));
    expect(printed.notSent).toEqual([]);
    expect(printed.hook.disabled).toBe(true);
    expect(to.received.map((delivery) => JSON.parse(delivery.body) as DubEnvelope)).toEqual([1, 2, 3, 4].map(sale));
    for (const delivery of to.received) {
      expect(delivery.headers['dub-signature']).toBe(createHmac('sha256', hook.secret).update(delivery.body).digest('hex'));
    }
  });

  it('--dry-run lists and sends nothing; --since keeps the newer events', async () => {
    const hook = await disabledHook();
    const to = await receiver();
    const dry = JSON.parse((await dub(['replay', '--id', hook.id, '--to', to.url, '--dry-run', '--since', sale(3).createdAt])).stdout) as { wouldSend: { id: string }[] };
    expect(dry.wouldSend.map((event) => event.id)).toEqual([sale(3).id, sale(4).id]);
    expect(to.received).toHaveLength(0);
  });

  it('stops at the first event the receiver refuses: nothing runs ahead of it', async () => {
    const hook = await disabledHook();
    const to = await receiver((index) => ({ status: index === 1 ? 500 : 200 }));
    const replayed = await dub(['replay', '--id', hook.id, '--to', to.url]);
    expect(replayed.code).toBe(1);
    const printed = JSON.parse(replayed.stdout) as { sent: { id: string; status: number }[]; notSent: { id: string }[] };
    expect(printed.sent.map((event) => [event.id, event.status])).toEqual([[sale(1).id, 200], [sale(2).id, 500]]);
    expect(printed.notSent.map((event) => event.id)).toEqual([sale(3).id, sale(4).id]);
  });

  it('a parked hook (moved aside, its log kept) goes by default to the URL it was parked from, signed by the hook now there; --to still wins', async () => {
    const hook = await disabledHook();
    const parked = await call(`${sandbox().dubBaseUrl}/webhooks/${hook.id}`, {
      method: 'PATCH',
      headers: bearer(DUB_TOKEN_BUSINESS),
      body: { url: parkingUrlOf(hook.url, hook.id) },
    });
    expect(parked.status).toBe(200);
    const now = JSON.parse((await dub(['create', '--url', hook.url, '--events', 'sale.created'])).stdout) as { hook: { id: string } };

    const dry = JSON.parse((await dub(['replay', '--id', hook.id, '--dry-run'])).stdout) as Record<string, unknown>;
    expect(dry).toMatchObject({
      hook: { id: hook.id, disabled: true, parked: true },
      to: hook.url,
      signedWith: `the secret of ${now.hook.id}, the enabled hook Dub now has at the URL ${hook.id} was parked from`,
    });
    expect((dry as { wouldSend: unknown[] }).wouldSend).toHaveLength(4);

    const elsewhere = await receiver();
    const explicit = JSON.parse((await dub(['replay', '--id', hook.id, '--to', elsewhere.url, '--dry-run'])).stdout) as Record<string, unknown>;
    expect(explicit).toMatchObject({ to: elsewhere.url, signedWith: `the secret of ${hook.id}` });
    expect(explicit).not.toHaveProperty('toNote');
  });

  it('a replay holding a Payout Confirmed says what Dub made of that payout once its retries failed', async () => {
    sandbox().dub.setWorkspace({ programPayouts: 'external' });
    let refuse = false;
    const target = await receiver(() => ({ status: refuse ? 500 : 200 }));
    const created = JSON.parse((await dub(['create', '--url', target.url, '--events', 'payout.confirmed'])).stdout) as { hook: { id: string } };
    refuse = true;
    const payout: DubEnvelope = { id: 'evt_replaypayout000000000001', event: 'payout.confirmed', createdAt: '2026-12-06T09:00:00.000Z', data: { id: 'po_1' } };
    await sandbox().dub.deliver(payout);
    const dry = JSON.parse((await dub(['replay', '--id', created.hook.id, '--dry-run'])).stdout) as { payoutNote?: string; wouldSend: unknown[] };
    expect(dry.wouldSend).toHaveLength(1);
    expect(dry.payoutNote).toMatch(/Dub marks an external payout failed once every retry .* check the payout's status in Dub/);
  });

  it('replay is for Dub only, and --since must be a date', async () => {
    expect((await cli(['hooks', 'replay', '--provider', 'linkly', '--id', 'x'], { env: {} })).code).toBe(EXIT.usage);
    expect((await dub(['replay', '--id', 'wh_x', '--since', 'yesterday'])).code).toBe(EXIT.usage);
  });
});
