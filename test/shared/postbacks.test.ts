/**
 * Dub's partner postbacks, read by the core: the same Dub-Signature check as webhooks (keyed with the `pbsec_`
 * secret), the postback schemas (the partner's view, dubinc/dub apps/web/lib/postback/schemas.ts at 1de955f), and
 * the lead, sale and commission shapes, marked as postbacks. Deliveries come from the sandbox, which sends them as
 * Dub's code does (test/sandbox/dub-postbacks.test.ts).
 */
import { dubPostbackCatalogue } from '../../shared/catalogue';
import { dubPostbackService, type DubPostbackEventName } from '../../shared/dub/postbacks';
import { dubDeliveryService } from '../../shared/dub/catalogue';
import { parseServiceDelivery } from '../../shared/delivery/parse-delivery';
import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import { catalogue } from '../../shared/catalogue';
import { useSandbox } from '../support/sandbox';
import { useReceivers } from '../sandbox/helpers';

const sandbox = useSandbox();
const receiver = useReceivers();
const entries = Object.values(dubPostbackCatalogue);

/** The partner's view of each event's `data`, in the shapes of Dub's postback sample-events/*.json. */
const partnerView = {
  'lead.created': {
    eventName: 'Signup',
    click: {
      id: 'Zr8qM2vX5nL1pK7t', timestamp: '2026-12-01T08:15:42.310Z', url: 'https://shop.example/', country: 'FR', city: 'Lyon',
      region: 'ARA', continent: 'EU', device: 'Desktop', browser: 'Firefox', os: 'Windows', ua: 'Mozilla/5.0', referer: '(direct)',
      refererUrl: '(direct)', qr: false, ip: '198.51.100.7',
    },
    link: { id: 'link_1KBX0Y', shortLink: 'https://go.shop.example/lea', domain: 'go.shop.example', key: 'lea' },
    customer: { id: 'cus_1KBX0Z', country: 'FR', createdAt: '2026-12-01T08:20:02.004Z', firstSaleAt: null, subscriptionCanceledAt: null },
  },
  get 'sale.created'() {
    return { ...this['lead.created'], eventName: 'Subscription', sale: { amount: 1999, currency: 'usd' } };
  },
  get 'commission.created'() {
    const { link, customer } = this['lead.created'];
    return { id: 'cm_1KBX10', type: 'sale', amount: 1999, earnings: 400, currency: 'usd', status: 'pending', description: null, quantity: 1, createdAt: '2026-12-01T08:20:03.120Z', link, customer };
  },
} as const;

describe('partner postbacks in the core', () => {
  it.each((Object.keys(dubPostbackCatalogue) as DubPostbackEventName[]).map((event) => [event, dubPostbackCatalogue[event]] as const))(
    '%s sent by the sandbox as Dub sends it: verified with the pbsec_ secret, read with nothing unread, marked as a postback',
    async (event, entry) => {
      const target = await receiver();
      const { secret } = sandbox().dub.postbacks.add(target.url, [event]);
      await sandbox().dub.postbacks.send(event, partnerView[event]);
      const { headers, body } = target.received[0] ?? { headers: {}, body: '' };

      const result = parseServiceDelivery(dubPostbackService, { provider: 'dub', headers: headers as Record<string, string>, body, secret });
      if (!result.ok) throw result.error;
      expect(result.entry?.key).toBe(entry.key);
      expect(result.event).toMatchObject({ event, trigger: entry.trigger, isPostback: true, unreadFields: [] });
      expect(outputSchemaOf(entry.trigger).safeParse(result.event).success).toBe(true);
    },
  );

  it('normalizes a sale into the sale shape: the currency upper-cased, what the partner is not shown null', () => {
    const sale = dubPostbackCatalogue['sale.created'].parse({ id: 'evt_x', event: 'sale.created', createdAt: '2026-12-01T08:20:03.000Z', data: partnerView['sale.created'] });
    if (!sale.ok) throw new Error(sale.reason);
    expect(sale.event).toMatchObject({
      isPostback: true,
      sale: { amount: 1999, currency: 'USD', paymentProcessor: null, invoiceId: null },
      customer: { id: 'cus_1KBX0Z', name: null, email: null, country: 'FR' },
      link: { id: 'link_1KBX0Y', shortUrl: 'https://go.shop.example/lea', domain: 'go.shop.example', key: 'lea', destinationUrl: null },
      click: { id: 'Zr8qM2vX5nL1pK7t', country: 'FR', ip: '198.51.100.7' },
      partner: null,
      metadata: null,
      unreadFields: [],
    });
  });

  it('normalizes a commission into the commission shape with no partner (the partner is the receiver)', () => {
    const commission = dubPostbackCatalogue['commission.created'].normalizedSample();
    expect(commission).toMatchObject({ isPostback: true, partner: null, commission: { earnings: 980, currency: 'EUR', isClawback: false } });
    expect(outputSchemaOf('commission').safeParse(commission).success).toBe(true);
  });

  it('refuses a postback not signed with its secret, with the same check and message as a webhook', async () => {
    const target = await receiver();
    sandbox().dub.postbacks.add(target.url, ['lead.created']);
    await sandbox().dub.postbacks.send('lead.created', partnerView['lead.created']);
    const { headers, body } = target.received[0] ?? { headers: {}, body: '' };
    const delivery = { provider: 'dub' as const, headers: headers as Record<string, string>, body };

    const forged = parseServiceDelivery(dubPostbackService, { ...delivery, secret: 'pbsec_00000000000000000000000000000000' });
    const unsigned = parseServiceDelivery(dubPostbackService, { ...delivery, headers: {}, secret: 'pbsec_00000000000000000000000000000000' });
    expect(forged.ok ? undefined : forged.error.kind).toBe('bad_signature');
    expect(unsigned.ok ? undefined : unsigned.error.kind).toBe('missing_signature');
    expect(dubPostbackService.verify).toBe(dubDeliveryService.verify);
  });

  it('keeps postbacks out of the webhook catalogue: the Dub Trigger and the Zapier webhook triggers stay as they were', () => {
    expect(catalogue.dub.filter((entry) => entry.key.startsWith('postback_'))).toEqual([]);
    expect(entries.map((entry) => entry.key)).toEqual(['postback_lead_created', 'postback_sale_created', 'postback_commission_created']);
    expect(entries.every((entry) => /^Triggers when .+\.$/.test(entry.description))).toBe(true);
  });

  it("marks the program's webhook deliveries as not postbacks", () => {
    for (const event of ['lead.created', 'sale.created', 'commission.created'] as const) {
      expect(catalogue.dub.find((entry) => entry.event === event)?.normalizedSample()).toMatchObject({ isPostback: false });
    }
  });
});
