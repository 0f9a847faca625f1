import { findEntry } from '../../shared/catalogue';
import { signDubBody } from '../../shared/delivery/dub-signature';
import { MAX_DELIVERY_BYTES, parseDelivery, type Delivery } from '../../shared/delivery/parse-delivery';
import { URL_TOKEN_PARAM, withUrlToken } from '../../shared/delivery/url-token';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const saleBody = JSON.stringify(findEntry('dub', 'sale.created')?.sample);
const signed = (body: string, key = secret) => ({ 'Dub-Signature': signDubBody(body, key) });

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

describe('parseDelivery: bad input gives a typed error, never an exception', () => {
  const sale = JSON.parse(saleBody) as { data: { sale: Record<string, unknown>; customer: Record<string, unknown> } };
  const mutate = (change: (copy: typeof sale) => void) => {
    const copy = structuredClone(sale);
    change(copy);
    return JSON.stringify(copy);
  };

  it.each([
    ['truncated JSON', saleBody.slice(0, saleBody.length / 2), 'invalid_json', undefined],
    ['an empty body', '', 'invalid_json', undefined],
    ['a JSON array', '[1,2]', 'schema_mismatch', 'event'],
    ['JSON null', 'null', 'schema_mismatch', 'event'],
    ['no event name', JSON.stringify({ id: 'evt_1', data: {} }), 'schema_mismatch', 'event'],
    ['an event name that is not a string', JSON.stringify({ event: 42 }), 'schema_mismatch', 'event'],
    ['an unknown event', JSON.stringify({ id: 'evt_1', event: 'link.teleported', createdAt: '2025-01-01T00:00:00Z', data: {} }), 'unknown_event', undefined],
    ['the sale amount as a string', mutate((copy) => void (copy.data.sale.amount = '45.00')), 'schema_mismatch', 'data.sale.amount'],
    ['the sale amount in fractions', mutate((copy) => void (copy.data.sale.amount = 45.5)), 'schema_mismatch', 'data.sale.amount'],
    ['no customer id', mutate((copy) => void delete copy.data.customer.id), 'schema_mismatch', 'data.customer.id'],
    ['a date that is not a date', mutate((copy) => void ((copy as unknown as Record<string, unknown>).createdAt = 'yesterday')), 'schema_mismatch', 'createdAt'],
  ])('%s', (_case, body, kind, path) => {
    const error = rejection({ provider: 'dub', headers: {}, body });
    expect(error.kind).toBe(kind);
    expect(error.httpStatus).toBe(400);
    if (path) expect(error.path).toBe(path);
    if (path && path !== 'event') expect(error.message).toContain(path);
  });

  it('names the unknown event instead of guessing one', () => {
    const error = rejection({ provider: 'dub', headers: {}, body: JSON.stringify({ event: 'link.teleported' }) });
    expect(error.message).toBe('Dub sent an event named "link.teleported", which this connector does not know.');
  });

  it('refuses a body over the size limit with 413, before reading it', () => {
    const huge = Buffer.alloc(MAX_DELIVERY_BYTES + 1, 0x20);
    expect(rejection({ provider: 'dub', headers: {}, body: huge })).toMatchObject({ kind: 'body_too_large', httpStatus: 413 });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(rejection({ provider: 'dub', headers: {}, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }).kind).toBe('invalid_json');
  });

  it('lets unknown fields through, at every level', () => {
    const body = mutate((copy) => {
      (copy as unknown as Record<string, unknown>).brandNewTopLevel = true;
      copy.data.sale.taxAmount = 300;
      copy.data.customer.loyaltyTier = 'gold';
    });
    const result = parseDelivery({ provider: 'dub', headers: {}, body });
    expect(result.ok).toBe(true);
    expect(result.ok && (result.raw as { data: { sale: { taxAmount: number } } }).data.sale.taxAmount).toBe(300);
  });
});

describe('parseDelivery: Linkly specifics', () => {
  const sample = findEntry('linkly', 'click')?.sample as { click: Record<string, unknown>; link: Record<string, unknown>; timestamp: string };
  const parse = (change: (copy: typeof sample) => void) => {
    const copy = structuredClone(sample);
    change(copy);
    const result = parseDelivery({ provider: 'linkly', headers: {}, body: JSON.stringify(copy) });
    if (!result.ok) throw result.error;
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

  it('keeps the microseconds of the timestamp in the id and the time', () => {
    const event = parse((copy) => void (copy.timestamp = '2025-01-15T10:30:00.123456+02:00'));
    expect(event.id).toBe('linkly_12345_2025-01-15T10:30:00.123456+02:00');
    expect(event.occurredAt).toBe('2025-01-15T08:30:00.123456Z');
  });

  it('reads a phone platform as device and OS', () => {
    expect(parse((copy) => void (copy.click.platform = 'ios')).click).toMatchObject({ device: 'Mobile', os: 'iOS' });
  });
});
