import { parseDelivery } from '../../shared/delivery/services';
import type { NormalizedEvent } from '../../shared/normalized/outputs';
import { seedPayloads } from '../support/fixtures';

function normalize(name: string): NormalizedEvent {
  const seed = seedPayloads().find((candidate) => candidate.name === name);
  if (!seed) throw new Error(`no seed ${name}`);
  const result = parseDelivery({ provider: seed.provider, headers: {}, body: seed.body });
  if (!result.ok) throw result.error;
  if (!result.entry) throw new Error(`unknown event ${String(result.eventName)}`);
  return result.event;
}

const seedLink = {
  id: 'cm0faqkyn0001txvfwjfeq7gl',
  shortUrl: 'https://dub.sh/79ys3WA',
  destinationUrl: 'https://github.com/dubinc/dub',
  domain: 'dub.sh',
  key: '79ys3WA',
  title: null,
  externalId: null,
  programId: null,
  partnerId: null,
  tenantId: null,
};

const seedConversionClick = {
  id: 'd0UtZqE0BZuBPrJS',
  // Conversions' clicks carry no timestamp of their own: the event's time stands in.
  country: 'US',
  city: 'San Francisco',
  region: null,
  continent: 'NA',
  device: 'Desktop',
  browser: 'Chrome',
  os: 'Mac OS',
  referer: '(direct)',
  refererUrl: null,
  destinationUrl: 'https://github.com/dubinc/dub',
  isBot: false,
  botName: null,
  isQr: false,
  isEu: null,
  ip: '63.141.57.109',
  userAgent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  isp: null,
  params: null,
};

describe("the services' documented payloads", () => {
  it.each(seedPayloads().map((seed) => [seed.name, seed] as const))('%s parses and normalizes', (_name, seed) => {
    const result = parseDelivery({ provider: seed.provider, headers: {}, body: seed.body });
    expect(result.ok ? 'ok' : result.error.message).toBe('ok');
  });

  it('Dub link.clicked (current shape, click.id)', () => {
    expect(normalize('dub-link-clicked-000.json')).toEqual({
      id: 'evt_b9ywgxWqai2glUpCQjclB17kM',
      provider: 'dub',
      event: 'link.clicked',
      trigger: 'click',
      occurredAt: '2024-08-30T10:16:13.149Z',
      unreadFields: [],
      link: seedLink,
      click: { ...seedConversionClick, timestamp: '2024-08-30T10:16:12.124Z' },
    });
  });

  it('Dub link.clicked (older shape, click.clickId) gives the same click id', () => {
    const event = normalize('dub-link-clicked-001.json');
    expect(event.trigger === 'click' && event.click.id).toBe('d0UtZqE0BZuBPrJS');
    expect(event.trigger === 'click' && event.click.timestamp).toBe('2024-08-30T10:16:12.124Z');
  });

  it('Dub lead.created', () => {
    expect(normalize('dub-lead-created-001.json')).toEqual({
      id: 'evt_P343bmyae40ALQYr5HT4vRXRd',
      provider: 'dub',
      event: 'lead.created',
      trigger: 'lead',
      occurredAt: '2024-08-30T09:53:50.343Z',
      unreadFields: [],
      isPostback: false,
      eventName: 'Sign up',
      customer: {
        id: 'oU5P0SqI8fpwx5bxw1',
        externalId: null,
        name: 'John',
        email: 'john@example.com',
        avatar: 'https://example.com/john.jpeg',
        country: null,
        stripeCustomerId: null,
        sales: null,
        saleAmount: null,
        firstSaleAt: null,
        subscriptionCanceledAt: null,
        createdAt: null,
      },
      link: seedLink,
      click: { ...seedConversionClick, timestamp: '2024-08-30T09:53:50.343Z' },
      partner: null,
      metadata: null,
    });
  });

  it('Dub sale.created with a partner: money in cents, currency upper case', () => {
    const event = normalize('dub-sale-created-003.json');
    expect(event).toMatchObject({
      id: 'evt_WHjyHhqsfYOrlJOOVJSoHXysD',
      trigger: 'sale',
      eventName: 'Purchased',
      sale: { amount: 4500, currency: 'USD', paymentProcessor: 'stripe', invoiceId: null },
      // The partner of a conversion carries its totals across the program.
      partner: {
        id: 'pn_1JRB6678XHGBZE95R5PH5QVGS',
        name: 'Sarah Johnson',
        email: 'sarah@partner.com',
        image: 'https://example.com/sarah-avatar.jpg',
        country: 'US',
        status: null,
        tenantId: null,
        groupId: 'grp_1K6K3HD0QE7XTX5HSVR77AK5B',
        payoutsEnabledAt: null,
        totalClicks: 200,
        totalLeads: 30,
        totalConversions: 20,
        totalSales: 15,
        totalSaleAmount: 75000,
        totalCommissions: 7500,
      },
      metadata: null,
      customer: { id: 'cm0gjdvr20001dkbha2n9gt2b', email: 'john@example.com' },
      link: seedLink,
    });
  });

  it('Dub link.created keeps the link details a Zap would map', () => {
    expect(normalize('dub-link-created-001.json')).toEqual({
      id: 'evt_KleiO4HBwZFbO1vZLWIPZ2AtX',
      provider: 'dub',
      event: 'link.created',
      trigger: 'link',
      occurredAt: '2024-08-26T16:41:52.346Z',
      unreadFields: [],
      link: {
        id: 'cm0b87844000dismqhkviju54',
        shortUrl: 'https://dub.sh/sOvvXDT',
        destinationUrl: 'https://github.com/stack-auth/stack',
        domain: 'dub.sh',
        key: 'sOvvXDT',
        title: null,
        externalId: null,
        programId: null,
        partnerId: null,
        tenantId: null,
        description: null,
        image: null,
        comments: null,
        qrCode: 'https://api.dub.co/qr?url=https://dub.sh/sOvvXDT?qr=1',
        archived: false,
        trackConversion: false,
        tags: [],
        folderId: null,
        expiresAt: null,
        disabledAt: null,
        clicks: 0,
        leads: 0,
        conversions: null,
        sales: 0,
        saleAmount: 0,
        lastClicked: null,
        utmSource: null,
        utmMedium: null,
        utmCampaign: null,
        utmTerm: null,
        utmContent: null,
        createdAt: '2024-08-26T16:41:52.084Z',
        updatedAt: '2024-08-26T16:41:52.084Z',
      },
    });
  });

  it("Dub link.updated's older id form (event_…) is kept as the dedupe key", () => {
    expect(normalize('dub-link-updated-001.json').id).toBe('event_KleiO4HBwZFbO1vZLWIPZ2AtX');
  });

  it('Linkly click: same shape as a Dub click, id from link id and the timestamp as sent', () => {
    expect(normalize('linkly-click-002.json')).toEqual({
      id: 'linkly_12345_2025-01-15T10:30:00Z',
      provider: 'linkly',
      event: 'click',
      trigger: 'click',
      occurredAt: '2025-01-15T10:30:00Z',
      unreadFields: [],
      link: {
        id: '12345',
        shortUrl: 'https://yourdomain.com/abc123',
        destinationUrl: 'https://example.com/landing-page',
        domain: 'yourdomain.com',
        key: 'abc123',
        title: 'My Campaign Link',
        externalId: null,
        programId: null,
        partnerId: null,
        tenantId: null,
      },
      click: {
        id: null,
        timestamp: '2025-01-15T10:30:00Z',
        country: 'US',
        city: null,
        region: null,
        continent: null,
        device: 'Desktop',
        browser: 'Chrome',
        os: null,
        referer: 'twitter.com',
        refererUrl: 'https://twitter.com/',
        destinationUrl: 'https://example.com/landing-page',
        isBot: false,
        botName: null,
        isQr: false,
        isEu: false,
        ip: null,
        userAgent: null,
        isp: 'Comcast',
        params: { utm_source: 'twitter' },
      },
    });
  });
});
