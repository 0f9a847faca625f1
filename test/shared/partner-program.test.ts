import { findEntry } from '../../shared/catalogue';
import { parseDelivery } from '../../shared/delivery/services';
import type { NormalizedEvent } from '../../shared/normalized/outputs';

/** The partner-program samples (written from Dub's reference, as the seeds have none), field by field. */
function normalized(event: string, change: (sample: { data: Record<string, unknown> }) => void = () => undefined): NormalizedEvent {
  const sample = structuredClone(findEntry('dub', event)?.sample) as { data: Record<string, unknown> };
  change(sample);
  const result = parseDelivery({ provider: 'dub', headers: {}, body: JSON.stringify(sample) });
  if (!result.ok) throw result.error;
  if (!result.entry) throw new Error(`unknown event ${String(result.eventName)}`);
  return result.event;
}

const sarah = {
  id: 'pn_1JRB6678XHGBZE95R5PH5QVGS',
  name: 'Sarah Johnson',
  email: 'sarah@partner.com',
  image: 'https://example.com/sarah-avatar.jpg',
  country: 'US',
};

/** Every partner field as null: each event fills in what Dub sends for it. */
const noPartnerFields = {
  username: null,
  companyName: null,
  description: null,
  status: null,
  programId: null,
  tenantId: null,
  groupId: null,
  website: null,
  youtube: null,
  twitter: null,
  linkedin: null,
  instagram: null,
  tiktok: null,
  payoutsEnabledAt: null,
  createdAt: null,
  totalClicks: null,
  totalLeads: null,
  totalConversions: null,
  totalSales: null,
  totalSaleAmount: null,
  totalCommissions: null,
};

describe('partner program events', () => {
  it('partner.application_submitted: the applicant, their profile and every answer', () => {
    expect(normalized('partner.application_submitted')).toEqual({
      id: 'evt_Gm2vQ8rTz1XkW5pLb7YcN3HdF',
      provider: 'dub',
      event: 'partner.application_submitted',
      trigger: 'partner',
      occurredAt: '2025-06-02T14:11:10.521Z',
      unreadFields: [],
      partner: {
        ...sarah,
        ...noPartnerFields,
        companyName: null,
        description: 'I write about developer tools.',
        status: 'pending',
        groupId: 'grp_1K6K3HD0QE7XTX5HSVR77AK5B',
        website: 'https://sarahjohnson.dev',
        twitter: 'sarahjdev',
      },
      links: [],
      application: {
        id: 'pga_1JXF0Q5A7K6TR0Y1B3E2H4M9N',
        submittedAt: '2025-06-02T14:11:09.873Z',
        answers: [
          { label: 'Website', value: 'https://sarahjohnson.dev' },
          { label: 'How will you promote us?', value: 'Newsletter with 12k readers' },
        ],
      },
      merge: null,
    });
  });

  it('an application answer that is not text is shown as JSON rather than dropped', () => {
    const event = normalized('partner.application_submitted', (sample) => {
      sample.data.applicationFormData = [{ label: 'Channels', value: ['blog', 'youtube'] }, { label: 'Other', value: null }];
    });
    expect(event.trigger === 'partner' && event.application?.answers).toEqual([
      { label: 'Channels', value: '["blog","youtube"]' },
      { label: 'Other', value: null },
    ]);
  });

  it('partner.enrolled: the partner itself is the payload, with its referral links as a list', () => {
    expect(normalized('partner.enrolled')).toEqual({
      id: 'evt_Hq4wR9sUa2YlX6mMc8ZdP5JeG',
      provider: 'dub',
      event: 'partner.enrolled',
      trigger: 'partner',
      occurredAt: '2025-06-03T09:00:01.204Z',
      unreadFields: [],
      partner: {
        ...sarah,
        username: 'sarahj',
        companyName: null,
        description: 'I write about developer tools.',
        status: 'approved',
        programId: 'prog_1JPQ9DK3Q0H7R2Y5B6V8T4WZC',
        tenantId: 'partner_8812',
        groupId: 'grp_1K6K3HD0QE7XTX5HSVR77AK5B',
        website: 'https://sarahjohnson.dev',
        youtube: null,
        twitter: 'sarahjdev',
        linkedin: null,
        instagram: null,
        tiktok: null,
        payoutsEnabledAt: '2025-06-02T15:30:12.000Z',
        createdAt: '2025-06-03T09:00:00.812Z',
        totalClicks: 0,
        totalLeads: 0,
        totalConversions: 0,
        totalSales: 0,
        totalSaleAmount: 0,
        totalCommissions: 0,
      },
      links: [
        {
          id: 'link_1JXG3S0C2QW8KZ1Y4T6R5B7PA',
          shortUrl: 'https://dub.sh/sarah',
          destinationUrl: 'https://acme.com',
          domain: 'dub.sh',
          key: 'sarah',
          clicks: 0,
          leads: 0,
          conversions: 0,
          sales: 0,
          saleAmount: 0,
        },
      ],
      application: null,
      merge: null,
    });
  });

  it('partner.enrolled: a link without shortLink gets one from its domain and key; no links is an empty list', () => {
    const withBareLink = normalized('partner.enrolled', (sample) => {
      sample.data.links = [{ id: 'link_2', domain: 'refer.acme.com', key: 'sarah-2', url: null }];
    });
    expect(withBareLink.trigger === 'partner' && withBareLink.links).toEqual([
      { id: 'link_2', shortUrl: 'https://refer.acme.com/sarah-2', destinationUrl: null, domain: 'refer.acme.com', key: 'sarah-2', clicks: null, leads: null, conversions: null, sales: null, saleAmount: null },
    ]);
    const withoutLinks = normalized('partner.enrolled', (sample) => {
      sample.data.links = null;
    });
    expect(withoutLinks.trigger === 'partner' && withoutLinks.links).toEqual([]);
  });

  it('partner.merged: the partner that remains, and which one was merged into it', () => {
    expect(normalized('partner.merged')).toMatchObject({
      partner: { id: 'pn_1JRB6678XHGBZE95R5PH5QVGS', email: 'sarah@partner.com', name: null },
      links: [],
      application: null,
      merge: { sourcePartnerId: 'pn_1JZ2R7QK5M3T8B1Y6W4C0XHVD', sourcePartnerEmail: 'sarah.j@oldmail.com', targetAlreadyEnrolled: true },
    });
  });

  it('commission.created: money in cents with an upper-case currency, who earned it, from which customer and link', () => {
    expect(normalized('commission.created')).toEqual({
      id: 'evt_Ks8yT3uWc5AnZ9pPe1BfR4LgJ',
      provider: 'dub',
      event: 'commission.created',
      trigger: 'commission',
      occurredAt: '2025-06-10T11:05:12.734Z',
      unreadFields: [],
      // A program's webhook, not a partner's postback (shared/dub/postbacks.ts).
      isPostback: false,
      commission: {
        id: 'cm_1JXK9A3S6V1RA4N8C0Z5D7JWF',
        type: 'sale',
        status: 'pending',
        amount: 4500,
        currency: 'USD',
        earnings: 900,
        isClawback: false,
        quantity: 1,
        description: null,
        invoiceId: 'in_1RKx2mLq8ZAbCdEf',
        createdByUserId: null,
        createdAt: '2025-06-10T11:05:12.512Z',
        updatedAt: '2025-06-10T11:05:12.512Z',
      },
      partner: {
        ...sarah,
        ...noPartnerFields,
        groupId: 'grp_1K6K3HD0QE7XTX5HSVR77AK5B',
        totalClicks: 200,
        totalLeads: 30,
        totalConversions: 20,
        totalSales: 15,
        totalSaleAmount: 75000,
        totalCommissions: 7500,
      },
      // Unlike lead and sale deliveries, a commission's customer keeps its country.
      customer: {
        id: 'cus_1JXK8W2R5T0QZ3M7B9Y4C6HVE',
        externalId: 'user_4821',
        name: 'John',
        email: 'john@example.com',
        avatar: 'https://example.com/john.jpeg',
        country: 'US',
        stripeCustomerId: 'cus_Qx81LmNp2ZaBcD',
        sales: 1,
        saleAmount: 4500,
        firstSaleAt: '2025-06-10T11:05:11.904Z',
        subscriptionCanceledAt: null,
        createdAt: '2025-06-10T11:02:33.000Z',
      },
      link: {
        id: 'link_1JXG3S0C2QW8KZ1Y4T6R5B7PA',
        shortUrl: 'https://dub.sh/sarah',
        destinationUrl: null,
        domain: 'dub.sh',
        key: 'sarah',
        title: null,
        externalId: null,
        programId: null,
        partnerId: null,
        tenantId: null,
      },
    });
  });

  it('a clawback has negative earnings and says so; a manual commission names its creator', () => {
    const event = normalized('commission.created', (sample) => {
      Object.assign(sample.data, { earnings: -900, userId: 'user_42', customer: null, link: null });
    });
    expect(event).toMatchObject({ commission: { earnings: -900, isClawback: true, createdByUserId: 'user_42' }, customer: null, link: null });
  });

  it('payout.confirmed: amount, period, timestamps and the partner paid', () => {
    expect(normalized('payout.confirmed')).toEqual({
      id: 'evt_Nv5bW9xZf1DqC6sSh7EiU0PjM',
      provider: 'dub',
      event: 'payout.confirmed',
      trigger: 'payout',
      occurredAt: '2025-08-01T10:00:05.880Z',
      unreadFields: [],
      payout: {
        id: 'po_1JZ8C4M2R6T0QW5K9B3Y7XVDN',
        amount: 12500,
        currency: 'USD',
        status: 'processing',
        description: 'Dub Partners payout (Acme)',
        invoiceId: 'inv_1JZ8C1F7H3K5M9Q2T4W6Y8ZBA',
        mode: 'external',
        method: null,
        traceId: null,
        periodStart: '2025-07-01T00:00:00.000Z',
        periodEnd: '2025-07-31T23:59:59.999Z',
        createdAt: '2025-08-01T09:59:58.120Z',
        updatedAt: '2025-08-01T10:00:04.950Z',
        initiatedAt: '2025-08-01T10:00:04.950Z',
        paidAt: null,
      },
      partner: { ...sarah, ...noPartnerFields, status: 'approved', tenantId: 'partner_8812' },
    });
  });

  it("payout.confirmed: a paid payout's trace ID", () => {
    const event = normalized('payout.confirmed', (sample) => {
      Object.assign(sample.data, { status: 'completed', method: 'paypal', traceId: '9GS80322D5581441S', paidAt: '2025-08-02T08:12:40.000Z' });
    });
    expect(event).toMatchObject({ payout: { status: 'completed', method: 'paypal', traceId: '9GS80322D5581441S', paidAt: '2025-08-02T08:12:40.000Z' } });
  });

  it('bounty.updated: the bounty as it now is', () => {
    expect(normalized('bounty.updated')).toEqual({
      id: 'evt_Mu3aV7wYe9CpB4rRg5DhT8NiL',
      provider: 'dub',
      event: 'bounty.updated',
      trigger: 'bounty',
      occurredAt: '2025-07-02T08:30:19.066Z',
      unreadFields: [],
      bounty: {
        id: 'bnty_1JY0B5N3Q8W2KZ7R4T1C6VXAH',
        name: 'Publish a review',
        description: 'Write an honest review of Acme on your blog.',
        type: 'submission',
        rewardAmount: 7500,
        rewardDescription: null,
        startMode: 'absolute',
        startsAt: '2025-07-01T00:00:00.000Z',
        endsAt: '2025-08-15T00:00:00.000Z',
        endsAfterDays: null,
        submissionsOpenAt: null,
        submissionFrequency: null,
        maxSubmissions: 1,
        submissionRequirements: ['image', 'url'],
        performanceScope: null,
        performanceAttribute: null,
        performanceOperator: null,
        performanceValue: null,
        groupIds: ['grp_1K6K3HD0QE7XTX5HSVR77AK5B'],
        partnerTagIds: [],
      },
    });
  });

  it('bounty.created: a performance bounty with a relative start, no name and a custom reward', () => {
    const event = normalized('bounty.created', (sample) => {
      Object.assign(sample.data, {
        name: null,
        type: 'performance',
        startMode: 'relative',
        startsAt: null,
        endsAt: null,
        endsAfterDays: 30,
        maxSubmissions: 1,
        rewardAmount: null,
        rewardDescription: 'A year of Acme Pro',
        submissionRequirements: null,
        performanceScope: 'new',
        performanceCondition: { attribute: 'totalSaleAmount', operator: 'gte', value: 100000 },
        partnerTags: [{ id: 'ptag_1K7M2Q9R4T8W3B6Y1Z5CXDVEA' }],
      });
    });
    expect(event).toMatchObject({
      bounty: {
        name: null,
        type: 'performance',
        rewardAmount: null,
        rewardDescription: 'A year of Acme Pro',
        startMode: 'relative',
        startsAt: null,
        endsAfterDays: 30,
        submissionRequirements: [],
        performanceScope: 'new',
        performanceAttribute: 'totalSaleAmount',
        performanceOperator: 'gte',
        performanceValue: 100000,
        partnerTagIds: ['ptag_1K7M2Q9R4T8W3B6Y1Z5CXDVEA'],
      },
    });
  });

  it('bounty submission requirements read the same from the older list form and with social metrics', () => {
    const legacy = normalized('bounty.updated', (sample) => {
      sample.data.submissionRequirements = ['url'];
    });
    const social = normalized('bounty.updated', (sample) => {
      sample.data.submissionRequirements = { url: {}, socialMetrics: { platform: 'youtube', metric: 'views', minCount: 1000 } };
    });
    expect(legacy).toMatchObject({ bounty: { submissionRequirements: ['url'] } });
    expect(social).toMatchObject({ bounty: { submissionRequirements: ['url', 'socialMetrics'] } });
  });

  it('discount_code.deleted: the code, its discount flattened, and when it was disabled', () => {
    expect(normalized('discount_code.deleted')).toMatchObject({
      trigger: 'discount_code',
      discountCode: {
        id: 'dcode_1JZ9D6P4S8V2QX7M1C5Y3TWBR',
        code: 'SARAH20',
        partnerId: 'pn_1JRB6678XHGBZE95R5PH5QVGS',
        linkId: 'link_1JXG3S0C2QW8KZ1Y4T6R5B7PA',
        disabledAt: '2025-09-12T15:44:27.118Z',
        discountId: 'disc_1JXA7M5Q2R9T4W1K8B6Y3ZCVE',
        discountAmount: 20,
        discountType: 'percentage',
        discountMaxDuration: 3,
        discountProvider: 'stripe',
      },
    });
  });

  it('a flat discount is in minor units; a lifetime one has no duration', () => {
    const event = normalized('discount_code.created', (sample) => {
      sample.data.discount = { id: 'disc_2', amount: 500, type: 'flat', maxDuration: null, provider: 'shopify' };
    });
    expect(event).toMatchObject({ discountCode: { discountAmount: 500, discountType: 'flat', discountMaxDuration: null, discountProvider: 'shopify' } });
  });

  it('a discount code without a discount gives nulls, not an error', () => {
    const event = normalized('discount_code.created', (sample) => {
      sample.data.discount = null;
    });
    expect(event).toMatchObject({ discountCode: { discountId: null, discountAmount: null, discountType: null, discountMaxDuration: null, discountProvider: null } });
  });
});
