import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import { findEntry } from '../../shared/catalogue';
import { signDubBody } from '../../shared/delivery/dub-signature';
import type { Delivery } from '../../shared/delivery/delivery';
import { MAX_DELIVERY_BYTES } from '../../shared/delivery/parse-delivery';
import { parseDelivery } from '../../shared/delivery/services';
import { URL_TOKEN_PARAM, withUrlToken } from '../../shared/delivery/url-token';
import type { NormalizedOf } from '../../shared/normalized/outputs';
import { SALE_DRIFTS, cleanSaleBody, driftedSaleBody, expectedItem } from '../support/drifts';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const saleEntry = findEntry('dub', 'sale.created')!;
const saleBody = JSON.stringify(saleEntry.sample);
const signed = (body: string, key = secret) => ({ 'Dub-Signature': signDubBody(body, key) });

/** The seed's sale.created with a change. */
function mutateSale(change: (sale: { data: { sale: Record<string, unknown> | string; customer: Record<string, unknown> } }) => void): string {
  const copy = JSON.parse(cleanSaleBody()) as Parameters<typeof change>[0];
  change(copy);
  return JSON.stringify(copy);
}

function rejection(delivery: Delivery) {
  const result = parseDelivery(delivery);
  if (result.ok) throw new Error('expected a rejection');
  return result.error;
}

describe('parseDelivery: Dub signatures', () => {
  it('accepts a delivery signed with the whole secret (whsec_ prefix included) and says it was verified', () => {
    const result = parseDelivery({ provider: 'dub', headers: signed(saleBody), body: Buffer.from(saleBody), secret });
    expect(result.ok && result.verified).toBe(true);
  });

  it('accepts the signature in upper-case hex too', () => {
    const headers = { 'Dub-Signature': signDubBody(saleBody, secret).toUpperCase() };
    expect(parseDelivery({ provider: 'dub', headers, body: saleBody, secret }).ok).toBe(true);
  });

  it('finds the header whatever its case', () => {
    const headers = { 'dub-signature': signDubBody(saleBody, secret) };
    expect(parseDelivery({ provider: 'dub', headers, body: saleBody, secret }).ok).toBe(true);
  });

  it('refuses a missing signature with 401', () => {
    const error = rejection({ provider: 'dub', headers: {}, body: saleBody, secret });
    expect(error).toMatchObject({ kind: 'missing_signature', httpStatus: 401 });
    expect(error.message).toMatch(/no Dub-Signature header/);
  });

  it.each([
    ['signed with another secret', signDubBody(saleBody, 'whsec_ffffffffffffffffffffffffffffffff')],
    ['signed without the whsec_ prefix', signDubBody(saleBody, secret.slice('whsec_'.length))],
    ['not hex at all', 'not-a-signature'],
    ['truncated', signDubBody(saleBody, secret).slice(0, 20)],
    ['the right one with junk after it', `${signDubBody(saleBody, secret)}zz`],
  ])('refuses a signature %s', (_case, signature) => {
    expect(rejection({ provider: 'dub', headers: { 'Dub-Signature': signature }, body: saleBody, secret }).kind).toBe('bad_signature');
  });

  it('checks the bytes received: the same JSON re-serialized differently does not pass', () => {
    const pretty = JSON.stringify(JSON.parse(saleBody), null, 2);
    expect(rejection({ provider: 'dub', headers: signed(saleBody), body: pretty, secret }).kind).toBe('bad_signature');
  });

  it('verifies before reading: a forged body is refused as forged even when it is also invalid JSON', () => {
    expect(rejection({ provider: 'dub', headers: signed('{"ok":'), body: '{"forged":', secret }).kind).toBe('bad_signature');
  });

  it('without a secret, parses and reports that nothing was verified', () => {
    const result = parseDelivery({ provider: 'dub', headers: {}, body: saleBody });
    expect(result.ok && result.verified).toBe(false);
  });
});

describe('parseDelivery: the Linkly URL token', () => {
  const body = JSON.stringify(findEntry('linkly', 'click')?.sample);
  const token = 'tok_abcdefghijklmnopqrstuvwx';

  it('accepts a delivery whose URL carries the token', () => {
    const url = withUrlToken('https://hooks.example.com/catch/1?x=1', token);
    expect(parseDelivery({ provider: 'linkly', headers: {}, body, secret: token, url }).ok).toBe(true);
  });

  it('accepts a path with a query, as n8n hands it over', () => {
    const url = `/webhook/abc/webhook?${URL_TOKEN_PARAM}=${token}`;
    expect(parseDelivery({ provider: 'linkly', headers: {}, body, secret: token, url }).ok).toBe(true);
  });

  it.each([
    ['no URL', undefined, 'missing_signature'],
    ['a URL without the token', '/webhook/abc/webhook', 'missing_signature'],
    ['a wrong token', `/webhook?${URL_TOKEN_PARAM}=tok_wrong`, 'bad_signature'],
  ])('refuses %s with 401', (_case, url, kind) => {
    const error = rejection({ provider: 'linkly', headers: {}, body, secret: token, ...(url ? { url } : {}) });
    expect(error).toMatchObject({ kind, httpStatus: 401 });
  });
});

describe('parseDelivery: only authenticity and JSON are refused', () => {
  it.each([
    ['truncated JSON', saleBody.slice(0, saleBody.length / 2)],
    ['an empty body', ''],
  ])('%s: invalid_json, 400', (_case, body) => {
    expect(rejection({ provider: 'dub', headers: {}, body })).toMatchObject({ kind: 'invalid_json', httpStatus: 400 });
  });

  it('refuses a body over the size limit with 413, before reading it', () => {
    const huge = Buffer.alloc(MAX_DELIVERY_BYTES + 1, 0x20);
    expect(rejection({ provider: 'dub', headers: {}, body: huge })).toMatchObject({ kind: 'body_too_large', httpStatus: 413 });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(rejection({ provider: 'dub', headers: {}, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }).kind).toBe('invalid_json');
  });

  it('lets unknown fields through, at every level', () => {
    const body = mutateSale((copy) => {
      (copy as unknown as Record<string, unknown>).brandNewTopLevel = true;
      (copy.data.sale as Record<string, unknown>).taxAmount = 300;
      copy.data.customer.loyaltyTier = 'gold';
    });
    const result = parseDelivery({ provider: 'dub', headers: {}, body });
    expect(result.ok).toBe(true);
    expect(result.ok && (result.raw as { data: { sale: { taxAmount: number } } }).data.sale.taxAmount).toBe(300);
  });
});

describe('parseDelivery: an authentic delivery of a known event is read, whatever its shape', () => {
  const clean = readSale(cleanSaleBody());

  it('a clean delivery has an empty unreadFields list', () => {
    expect(clean.unreadFields).toEqual([]);
  });

  it.each(SALE_DRIFTS)('$name: the item, the drifted field listed, still matching the sale output schema', (drift) => {
    const item = readSale(driftedSaleBody(drift));
    expect(item).toEqual(expectedItem(clean, drift));
    expect(outputSchemaOf(saleEntry.trigger).safeParse(item).success).toBe(true);
  });

  it.each([
    ['null', null, 'null'],
    ['"45.00"', '45.00', '"45.00"'],
    ['1.5', 1.5, '1.5'],
    ['1e20', 1e20, '100000000000000000000'],
  ])('a sale amount of %s reads as null, listed: never 0, never guessed', (_case, amount, received) => {
    const item = readSale(mutateSale((sale) => void ((sale.data.sale as Record<string, unknown>).amount = amount)));
    expect(item.sale.amount).toBeNull();
    expect(item.unreadFields).toEqual([{ path: 'data.sale.amount', expected: 'a whole number', received }]);
  });

  it('an optional date that does not exist is null, not a date, and listed', () => {
    const item = readSale(mutateSale((sale) => void (sale.data.customer.createdAt = '2026-02-31T10:00:00Z')));
    expect(item.customer.createdAt).toBeNull();
    expect(item.unreadFields).toEqual([{ path: 'data.customer.createdAt', expected: 'an ISO 8601 date-time', received: '"2026-02-31T10:00:00Z"' }]);
  });

  it('lists every drift of one delivery, and only the outermost of a value replaced whole', () => {
    const item = readSale(mutateSale((sale) => {
      sale.data.customer.id = 7;
      sale.data.sale = 'forty-five dollars';
    }));
    expect(item.unreadFields.map((field) => field.path)).toEqual(['data.customer.id', 'data.sale']);
    expect(item.sale).toEqual({ amount: null, currency: null, paymentProcessor: null, invoiceId: null });
    expect(item.customer.id).toBe('7');
  });

  it('names no secret in what it lists: the value received is the payload\'s own', () => {
    const item = readSale(mutateSale((sale) => void ((sale.data.sale as Record<string, unknown>).currency = 3)), 'whsec_must_not_appear');
    expect(JSON.stringify(item.unreadFields)).not.toContain('whsec_must_not_appear');
  });

  it('reads a body that starts with a byte-order mark, as text or as bytes, verified on the bytes received', () => {
    const withBom = `\uFEFF${saleBody}`;
    for (const body of [withBom, Buffer.from(withBom, 'utf8')]) {
      const result = parseDelivery({ provider: 'dub', headers: signed(withBom), body, secret });
      expect(result).toMatchObject({ ok: true, entry: { event: 'sale.created' }, verified: true });
    }
    expect(rejection({ provider: 'dub', headers: signed(saleBody), body: withBom, secret }).kind).toBe('bad_signature');
  });

  it.each([
    ['an unknown event', JSON.stringify({ id: 'evt_1', event: 'link.teleported', createdAt: '2025-01-01T00:00:00Z', data: {} }), 'link.teleported', 'evt_1'],
    ['no event name', JSON.stringify({ id: 'evt_1', data: {} }), null, 'evt_1'],
    ['an event name that is not a string', JSON.stringify({ event: 42 }), null, null],
    ['a JSON array', '[1,2]', null, null],
  ])('%s: not refused, handed back as an unknown event with its payload', (_case, body, eventName, eventId) => {
    const result = parseDelivery({ provider: 'dub', headers: signed(body), body, secret });
    expect(result).toEqual({ ok: true, event: undefined, entry: undefined, eventName, eventId, raw: JSON.parse(body), verified: true });
  });

  it('still refuses a forged copy of a drifted delivery', () => {
    const body = driftedSaleBody(SALE_DRIFTS[0]!);
    expect(rejection({ provider: 'dub', headers: signed(body, 'whsec_forger'), body, secret }).kind).toBe('bad_signature');
  });

  function readSale(body: string, key = secret): NormalizedOf<'sale'> {
    const result = parseDelivery({ provider: 'dub', headers: signed(body, key), body, secret: key });
    if (!result.ok || !result.entry || result.event.trigger !== 'sale') throw new Error(`not read as a sale: ${JSON.stringify(result)}`);
    return result.event;
  }
});

describe('parseDelivery: Linkly specifics', () => {
  const sample = findEntry('linkly', 'click')?.sample as { click: Record<string, unknown>; link: Record<string, unknown>; timestamp: string };
  const parse = (change: (copy: typeof sample) => void) => {
    const copy = structuredClone(sample);
    change(copy);
    const result = parseDelivery({ provider: 'linkly', headers: {}, body: JSON.stringify(copy) });
    if (!result.ok) throw result.error;
  if (!result.entry) throw new Error(`unknown event ${String(result.eventName)}`);
    if (result.event.trigger !== 'click') throw new Error('not a click');
    return result.event;
  };

  it('reads params sent as a JSON string', () => {
    expect(parse((copy) => void (copy.click.params = '{"utm_source":"twitter","ref":7}')).click.params).toEqual({ utm_source: 'twitter', ref: '7' });
  });

  it('reads params sent as a query string', () => {
    expect(parse((copy) => void (copy.click.params = 'utm_source=x&b=2')).click.params).toEqual({ utm_source: 'x', b: '2' });
  });

  it('flags a bot click and keeps its name', () => {
    expect(parse((copy) => void (copy.click.bot_name = 'Googlebot')).click).toMatchObject({ isBot: true, botName: 'Googlebot' });
  });

  it("builds the item's id from click.id when the payload has one, and click.id carries it", () => {
    const event = parse((copy) => void (copy.click.id = '01K5H3Q7ZV8R2N4M6P9T1W3X5Y'));
    expect(event.id).toBe('linkly_click_01K5H3Q7ZV8R2N4M6P9T1W3X5Y');
    expect(event.click.id).toBe('01K5H3Q7ZV8R2N4M6P9T1W3X5Y');
  });

  it('two clicks on one link in the same whole second get different ids from their click ids', () => {
    const first = parse((copy) => void ((copy.timestamp = '2026-09-14T08:15:42Z'), (copy.click.id = '01K5H3Q7ZV8R2N4M6P9T1W3X5Y')));
    const second = parse((copy) => void ((copy.timestamp = '2026-09-14T08:15:42Z'), (copy.click.id = '01K5H3Q7ZV8R2N4M6P9T1W3X5Z')));
    expect(first.id).not.toBe(second.id);
  });

  it('without click.id (older payloads): link id and the timestamp as sent, microseconds kept; click.id null', () => {
    const event = parse((copy) => void ((copy.timestamp = '2025-01-15T10:30:00.123456+02:00'), delete (copy.click as { id?: string }).id));
    expect(event.click.id).toBeNull();
    expect(event.id).toBe('linkly_12345_2025-01-15T10:30:00.123456+02:00');
    expect(event.occurredAt).toBe('2025-01-15T08:30:00.123456Z');
  });

  it('reads a phone platform as device and OS', () => {
    expect(parse((copy) => void (copy.click.platform = 'ios')).click).toMatchObject({ device: 'Mobile', os: 'iOS' });
  });
});

describe('parseDelivery: nothing that did not read looks like data', () => {
  type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

  /**
   * A known event's sample with values changed (by dotted path; undefined removes the value), signed and read.
   * `bigNumbers` writes numbers a double cannot hold into the text: JSON.stringify cannot, a service can.
   */
  function readChanged(event: string, provider: 'dub' | 'linkly', changes: Record<string, Json | undefined>, bigNumbers: Record<string, string> = {}) {
    const entry = findEntry(provider, event)!;
    const copy = structuredClone(entry.sample) as { [key: string]: Json };
    for (const [path, value] of Object.entries(changes)) {
      const keys = path.split('.');
      const parent = keys.slice(0, -1).reduce((node, key) => node[key] as { [key: string]: Json }, copy);
      const last = keys[keys.length - 1]!;
      if (value === undefined) delete parent[last];
      else parent[last] = value;
    }
    let body = JSON.stringify(copy);
    for (const [mark, digits] of Object.entries(bigNumbers)) body = body.replace(JSON.stringify(mark), digits);
    const url = `/webhook?${URL_TOKEN_PARAM}=${secret}`;
    const result = parseDelivery({ provider, headers: signed(body), body, secret, url });
    if (!result.ok || !result.entry) throw new Error(`not read as ${event}`);
    return result.event;
  }

  it('a payout with no id, an amount in text and no currency: each null, each listed, never "" or 0', () => {
    const event = readChanged('payout.confirmed', 'dub', { 'data.id': undefined, 'data.amount': '125.00', 'data.currency': undefined });
    expect(event.trigger === 'payout' && event.payout).toMatchObject({ id: null, amount: null, currency: null });
    expect(event.unreadFields).toEqual([
      { path: 'data.id', expected: 'text', received: null },
      { path: 'data.amount', expected: 'a whole number', received: '"125.00"' },
      { path: 'data.currency', expected: 'text', received: null },
    ]);
  });

  it('a delivery with no createdAt or id occurred at null with id null, not at the time it was read', () => {
    const event = readChanged('link.clicked', 'dub', { createdAt: undefined, id: undefined, 'data.click.timestamp': undefined });
    expect(event).toMatchObject({ id: null, occurredAt: null, click: { timestamp: null } });
    expect(event.unreadFields.map((field) => field.path)).toEqual(['id', 'createdAt']);
  });

  it('a commission whose earnings did not read is neither an amount nor a clawback: both null', () => {
    const event = readChanged('commission.created', 'dub', { 'data.earnings': null });
    expect(event.trigger === 'commission' && event.commission).toMatchObject({ earnings: null, isClawback: null });
  });

  it('a link whose domain did not read has no short URL made up from it', () => {
    const event = readChanged('link.clicked', 'dub', { 'data.link.domain': undefined, 'data.link.shortLink': undefined });
    expect(event.trigger === 'click' && event.link).toMatchObject({ domain: null, shortUrl: null });
  });

  it("a Dub id sent as a number too large for a double reads as the digits sent, not the double's", () => {
    const event = readChanged('sale.created', 'dub', { 'data.customer.id': 'BIG' }, { BIG: '12345678901234567890' });
    expect(event.trigger === 'sale' && event.customer.id).toBe('12345678901234567890');
    expect(event.unreadFields).toEqual([{ path: 'data.customer.id', expected: 'text', received: '12345678901234567890' }]);
  });

  it('a Linkly link id too large for a double reads as the digits sent, in the link and the event id', () => {
    // Without click.id (payloads before 2026), the event id is built from the link id.
    const event = readChanged('click', 'linkly', { 'link.id': 'BIG', 'click.id': undefined }, { BIG: '12345678901234567890' });
    expect(event.trigger === 'click' && event.link.id).toBe('12345678901234567890');
    expect(event.id).toBe(`linkly_12345678901234567890_${(findEntry('linkly', 'click')!.sample as { timestamp: string }).timestamp}`);
    expect(event.unreadFields).toEqual([{ path: 'link.id', expected: 'a whole number or text', received: '12345678901234567890' }]);
  });

  it('an amount too large for a double is null, listed with the digits sent', () => {
    const event = readChanged('sale.created', 'dub', { 'data.sale.amount': 'BIG' }, { BIG: '12345678901234567890' });
    expect(event.trigger === 'sale' && event.sale.amount).toBeNull();
    expect(event.unreadFields).toEqual([{ path: 'data.sale.amount', expected: 'a whole number', received: '12345678901234567890' }]);
  });
});
