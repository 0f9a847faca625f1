import { findEntry } from '../../shared/catalogue';
import { parseDelivery } from '../../shared/delivery/services';
import type { NormalizedEvent } from '../../shared/normalized/outputs';

/**
 * The fields users map from Dub's own Zapier app and that the normalized output once left out (Dub's
 * apps/web/lib/webhook/sample-events and the webhook schemas in apps/web/lib/zod/schemas), asserted field by field
 * on the catalogue's real-shaped samples. The partner-program events are covered whole in partner-program.test.ts.
 */
function normalized(event: string, change: (data: Record<string, unknown>) => void = () => undefined): NormalizedEvent {
  const sample = structuredClone(findEntry('dub', event)?.sample) as { data: Record<string, unknown> };
  change(sample.data);
  const result = parseDelivery({ provider: 'dub', headers: {}, body: JSON.stringify(sample) });
  if (!result.ok) throw result.error;
  if (!result.entry) throw new Error(`unknown event ${String(result.eventName)}`);
  return result.event;
}

describe("a link's fields", () => {
  it('link.updated: description, comments, QR code, conversion tracking, disabling, last click, conversions', () => {
    const event = normalized('link.updated');
    if (event.trigger !== 'link') throw new Error('not a link event');
    const { link } = event;
    expect(link.description).toBe('Open-source authentication for Next.js, with user management built in.');
    expect(link.comments).toBe('Shared in the June newsletter.');
    expect(link.qrCode).toBe('https://api.dub.co/qr?url=https://dub.sh/sOvvXDT?qr=1');
    expect(link.trackConversion).toBe(false);
    expect(link.disabledAt).toBeNull();
    expect(link.lastClicked).toBeNull();
    expect(link.conversions).toBe(0);
    expect(link.image).toBeNull();
    expect(link.tags).toEqual(['Newsletter']);
    expect(link.folderId).toBe('fold_1JXC4N7Q2R8T5W3K9B6Y1ZDVA');
    expect([link.programId, link.partnerId, link.tenantId]).toEqual([null, null, null]);
  });

  it('a partner link, disabled after a click: program, partner, tenant, disabledAt and lastClicked in UTC', () => {
    const event = normalized('link.deleted', (data) => {
      Object.assign(data, {
        programId: 'prog_1JPQ9DK3Q0H7R2Y5B6V8T4WZC',
        partnerId: 'pn_1JRB6678XHGBZE95R5PH5QVGS',
        tenantId: 'partner_8812',
        trackConversion: true,
        disabledAt: '2025-09-12T15:44:27.118Z',
        lastClicked: '2025-09-12T14:02:10+02:00',
        conversions: 3,
      });
    });
    expect(event).toMatchObject({
      link: {
        programId: 'prog_1JPQ9DK3Q0H7R2Y5B6V8T4WZC',
        partnerId: 'pn_1JRB6678XHGBZE95R5PH5QVGS',
        tenantId: 'partner_8812',
        trackConversion: true,
        disabledAt: '2025-09-12T15:44:27.118Z',
        lastClicked: '2025-09-12T12:02:10Z',
        conversions: 3,
      },
    });
  });

  it('link.clicked, lead.created and sale.created: the link says which program, partner and tenant it belongs to', () => {
    expect(normalized('link.clicked')).toMatchObject({ link: { programId: null, partnerId: null, tenantId: null } });
    for (const event of ['lead.created', 'sale.created']) {
      expect(normalized(event)).toMatchObject({
        link: { programId: 'prog_1JPQ9DK3Q0H7R2Y5B6V8T4WZC', partnerId: 'pn_1JRB6678XHGBZE95R5PH5QVGS', tenantId: 'partner_8812' },
      });
    }
  });
});

describe("a customer's fields", () => {
  it("sale.created: sales so far, their amount, the first sale, the Stripe customer; no country (Dub drops it)", () => {
    const event = normalized('sale.created');
    if (event.trigger !== 'sale') throw new Error('not a sale');
    expect(event.customer).toEqual({
      id: 'cm0gjdvr20001dkbha2n9gt2b',
      externalId: 'user_4821',
      name: 'John',
      email: 'john@example.com',
      avatar: 'https://example.com/john.jpeg',
      country: null,
      stripeCustomerId: 'cus_Qx81LmNp2ZaBcD',
      sales: 1,
      saleAmount: 4500,
      firstSaleAt: '2024-08-30T09:57:50.512Z',
      subscriptionCanceledAt: null,
      createdAt: '2024-08-30T09:53:50.120Z',
    });
  });

  it('a canceled subscription is a UTC date-time', () => {
    const event = normalized('sale.created', (data) => {
      Object.assign(data.customer as object, { subscriptionCanceledAt: '2024-10-01 08:00:00' });
    });
    expect(event).toMatchObject({ customer: { subscriptionCanceledAt: '2024-10-01T08:00:00Z' } });
  });
});

describe("a conversion's partner", () => {
  it("lead.created on a partner link: the partner's group and program totals", () => {
    expect(normalized('lead.created')).toMatchObject({
      partner: {
        id: 'pn_1JRB6678XHGBZE95R5PH5QVGS',
        groupId: 'grp_1K6K3HD0QE7XTX5HSVR77AK5B',
        payoutsEnabledAt: null,
        totalClicks: 199,
        totalLeads: 30,
        totalConversions: 19,
        totalSales: 14,
        totalSaleAmount: 70500,
        totalCommissions: 7050,
      },
    });
  });
});
