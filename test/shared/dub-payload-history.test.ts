/**
 * Dub's event list and payloads, as of the newest code read (dubinc/dub 1de955f, 2026-08-21; dubinc/docs 3917ac3,
 * 2026-08-20): the catalogue has every event Dub sends, and the payloads Dub documented before and after
 * dubinc/docs#411 (2026-07-09, "Sync webhook event examples with production payloads") both read with nothing
 * unread. The envelopes below are built from the documented shapes, with values of our own.
 */
import { catalogue, findEntry } from '../../shared/catalogue';

/** WORKSPACE_LEVEL_WEBHOOK_TRIGGERS then PROGRAM_LEVEL_WEBHOOK_TRIGGERS in apps/web/lib/webhook/constants.ts at 1de955f. */
const DUB_WEBHOOK_TRIGGERS_1DE955F = [
  'link.created', 'link.updated', 'link.deleted', 'link.clicked', 'lead.created', 'sale.created',
  'partner.application_submitted', 'partner.enrolled', 'partner.merged', 'commission.created', 'bounty.created',
  'bounty.updated', 'payout.confirmed', 'discount_code.created', 'discount_code.deleted',
];

const envelope = (event: string, data: unknown) => ({ id: 'evt_history00000000000000001', event, createdAt: '2026-08-20T10:00:00.000Z', data });

function unreadOf(event: string, data: unknown) {
  const outcome = findEntry('dub', event)?.parse(envelope(event, data));
  if (!outcome?.ok) throw new Error(`${event} did not read`);
  return outcome.event.unreadFields;
}

describe("Dub's events and payloads, old and new", () => {
  it('has an entry for every event Dub sends at its newest code read, in its order', () => {
    expect(catalogue.dub.map((entry) => entry.event)).toEqual(DUB_WEBHOOK_TRIGGERS_1DE955F);
  });

  it('reads partner.enrolled as documented before docs#411 (clicks, leads, sales, earnings) and after (total*)', () => {
    const partner = { id: 'pn_history', name: 'Ada', email: 'ada@example.com', country: 'GB', status: 'approved', programId: 'prog_1', createdAt: '2026-04-01T10:00:00.000Z' };
    const link = { id: 'link_h1', domain: 'acme.link', key: 'ada', shortLink: 'https://acme.link/ada', url: 'https://acme.example' };
    const before = { ...partner, clicks: 3, leads: 1, sales: 0, saleAmount: 0, earnings: 0, applicationId: null, links: [{ ...link, clicks: 3, leads: 1, sales: 0, saleAmount: 0 }] };
    const after = {
      ...partner, groupId: 'grp_1', totalClicks: 3, totalLeads: 1, totalConversions: 0, totalSales: 0, totalSaleAmount: 0, totalCommissions: 0,
      netRevenue: 0, earningsPerClick: 0, links: [{ ...link, clicks: 3, leads: 1, conversions: 0, sales: 0, saleAmount: 0 }],
    };
    expect(unreadOf('partner.enrolled', before)).toEqual([]);
    expect(unreadOf('partner.enrolled', after)).toEqual([]);
  });

  it('reads lead.created before docs#411 (click.bot, a customer of four fields) and after (click.timestamp, customer totals)', () => {
    const link = { id: 'link_h2', domain: 'acme.link', key: 'try', url: 'https://acme.example' };
    const before = {
      eventName: 'Sign up', link,
      customer: { id: 'cus_h1', name: 'Ada', email: 'ada@example.com', avatar: null },
      click: { id: 'clk_h1', url: 'https://acme.example', country: 'GB', city: 'Leeds', device: 'Desktop', browser: 'Firefox', os: 'Linux', bot: false, qr: false, referer: '(direct)' },
    };
    const after = {
      eventName: 'Sign up', link: { ...link, shortLink: 'https://acme.link/try', programId: null, partnerId: null, tenantId: null, folderId: null, tags: [] },
      customer: { id: 'cus_h1', externalId: 'u_1', name: 'Ada', email: 'ada@example.com', avatar: null, stripeCustomerId: null, sales: 0, saleAmount: 0, createdAt: '2026-08-20T09:59:00.000Z', firstSaleAt: null, subscriptionCanceledAt: null },
      click: { id: 'clk_h1', timestamp: '2026-08-20T09:58:00.000Z', url: 'https://acme.example', country: 'GB', city: 'Leeds', region: 'ENG', device: 'Desktop', browser: 'Firefox', os: 'Linux', qr: false, referer: '(direct)', refererUrl: '(direct)' },
      metadata: null,
    };
    expect(unreadOf('lead.created', before)).toEqual([]);
    expect(unreadOf('lead.created', after)).toEqual([]);
  });

  it('reads payout.confirmed with and without the method and initiatedAt that docs#411 added', () => {
    const payout = { id: 'po_h1', invoiceId: null, amount: 1000, currency: 'usd', status: 'processing', description: null, periodStart: null, periodEnd: null, createdAt: '2026-08-20T09:00:00.000Z', paidAt: null, mode: 'external', partner: { id: 'pn_h1', name: 'Ada', email: 'ada@example.com' } };
    expect(unreadOf('payout.confirmed', payout)).toEqual([]);
    expect(unreadOf('payout.confirmed', { ...payout, method: 'paypal', initiatedAt: '2026-08-20T09:30:00.000Z' })).toEqual([]);
  });
});
