import { findEntry } from '../../shared/catalogue';
import { parseDelivery } from '../../shared/delivery/parse-delivery';
import type { NormalizedEvent } from '../../shared/normalized/outputs';

/** The partner-program samples (written from Dub's reference, as the seeds have none), field by field. */
function normalized(event: string, change: (sample: { data: Record<string, unknown> }) => void = () => undefined): NormalizedEvent {
  const sample = structuredClone(findEntry('dub', event)?.sample) as { data: Record<string, unknown> };
  change(sample);
  const result = parseDelivery({ provider: 'dub', headers: {}, body: JSON.stringify(sample) });
  if (!result.ok) throw result.error;
  return result.event;
}

const sarah = {
  id: 'pn_1JRB6678XHGBZE95R5PH5QVGS',
  name: 'Sarah Johnson',
  email: 'sarah@partner.com',
  image: 'https://example.com/sarah-avatar.jpg',
  country: 'US',
  tenantId: null,
};

describe('partner program events', () => {
  it('partner.application_submitted: the applicant and every answer', () => {
    expect(normalized('partner.application_submitted')).toEqual({
      id: 'evt_Gm2vQ8rTz1XkW5pLb7YcN3HdF',
      provider: 'dub',
      event: 'partner.application_submitted',
      trigger: 'partner',
      occurredAt: '2025-06-02T14:11:10.521Z',
      partner: { ...sarah, status: 'pending', groupId: 'grp_1K6K3HD0QE7XTX5HSVR77AK5B' },
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

  it('partner.enrolled: the partner itself is the payload', () => {
    expect(normalized('partner.enrolled')).toMatchObject({
      trigger: 'partner',
      partner: { ...sarah, status: 'approved', groupId: 'grp_1K6K3HD0QE7XTX5HSVR77AK5B' },
      application: null,
      merge: null,
    });
  });

  it('partner.merged: the partner that remains, and which one was merged into it', () => {
    expect(normalized('partner.merged')).toMatchObject({
      partner: { id: 'pn_1JRB6678XHGBZE95R5PH5QVGS', email: 'sarah@partner.com', name: null },
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
      },
      partner: { ...sarah, status: null, groupId: null },
      customer: {
        id: 'cus_1JXK8W2R5T0QZ3M7B9Y4C6HVE',
        externalId: 'user_4821',
        name: 'John',
        email: 'john@example.com',
        avatar: 'https://example.com/john.jpeg',
        country: 'US',
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
      },
    });
  });

  it('a clawback has negative earnings and says so; a manual commission names its creator', () => {
    const event = normalized('commission.created', (sample) => {
      Object.assign(sample.data, { earnings: -900, userId: 'user_42', customer: null, link: null });
    });
    expect(event).toMatchObject({ commission: { earnings: -900, isClawback: true, createdByUserId: 'user_42' }, customer: null, link: null });
  });

  it('payout.confirmed: amount, period and the partner paid', () => {
    expect(normalized('payout.confirmed')).toMatchObject({
      trigger: 'payout',
      payout: {
        id: 'po_1JZ8C4M2R6T0QW5K9B3Y7XVDN',
        amount: 12500,
        currency: 'USD',
        status: 'processing',
        description: 'Dub Partners payout (Acme)',
        invoiceId: 'inv_1JZ8C1F7H3K5M9Q2T4W6Y8ZBA',
        mode: 'external',
        method: null,
        periodStart: '2025-07-01T00:00:00.000Z',
        periodEnd: '2025-07-31T23:59:59.999Z',
        initiatedAt: '2025-08-01T10:00:04.950Z',
        paidAt: null,
      },
      partner: { id: 'pn_1JRB6678XHGBZE95R5PH5QVGS', status: 'approved', tenantId: 'partner_8812' },
    });
  });

  it('bounty.updated: the bounty as it now is', () => {
    expect(normalized('bounty.updated')).toEqual({
      id: 'evt_Mu3aV7wYe9CpB4rRg5DhT8NiL',
      provider: 'dub',
      event: 'bounty.updated',
      trigger: 'bounty',
      occurredAt: '2025-07-02T08:30:19.066Z',
      bounty: {
        id: 'bnty_1JY0B5N3Q8W2KZ7R4T1C6VXAH',
        name: 'Publish a review',
        description: 'Write an honest review of Acme on your blog.',
        type: 'submission',
        rewardAmount: 7500,
        startsAt: '2025-07-01T00:00:00.000Z',
        endsAt: '2025-08-15T00:00:00.000Z',
      },
    });
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
      },
    });
  });

  it('a discount code without a discount gives nulls, not an error', () => {
    const event = normalized('discount_code.created', (sample) => {
      sample.data.discount = null;
    });
    expect(event).toMatchObject({ discountCode: { discountId: null, discountAmount: null, discountType: null } });
  });
});
