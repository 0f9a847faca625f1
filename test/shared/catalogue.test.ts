import { triggerOutputFields } from '../../shared/normalized/output-fields';
import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import { catalogue, findEntry } from '../../shared/catalogue';
import { DUB_EVENT_NAMES } from '../../shared/dub/event-names';
import { parseDelivery } from '../../shared/delivery/services';
import { outputFieldsOf } from '../../shared/normalized/output-fields';
import { clickEventSchema } from '../../shared/normalized/outputs';

const entries = [...catalogue.dub, ...catalogue.linkly];

describe('the event catalogue', () => {
  it("knows every one of Dub's 15 events, in Dub's order, and Linkly's click and link events", () => {
    expect(catalogue.dub.map((entry) => entry.event)).toEqual([...DUB_EVENT_NAMES]);
    expect(DUB_EVENT_NAMES).toHaveLength(15);
    expect(catalogue.linkly.map((entry) => entry.event)).toEqual(['click', 'link.created', 'link.updated', 'link.deleted']);
  });

  it('gives every trigger a unique key that Zapier accepts, a label and a description', () => {
    for (const provider of ['dub', 'linkly'] as const) {
      const keys = catalogue[provider].map((entry) => entry.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
    for (const entry of entries) {
      expect(entry.key).toMatch(/^[a-zA-Z][a-zA-Z0-9_]*$/);
      expect(entry.label.length).toBeGreaterThan(3);
      expect(entry.description).toMatch(/^Triggers when .+\.$/);
    }
  });

  it.each(entries.map((entry) => [`${entry.provider} ${entry.event}`, entry] as const))(
    '%s: the sample is a valid delivery and normalizes to the output schema',
    (_name, entry) => {
      const result = parseDelivery({ provider: entry.provider, headers: {}, body: JSON.stringify(entry.sample) });
      if (!result.ok) throw result.error;
      expect(result.entry?.key).toBe(entry.key);
      expect(outputSchemaOf(entry.trigger).safeParse(result.event).success).toBe(true);
      expect(result.event).toEqual(entry.normalizedSample());
      expect(result.event).toMatchObject({ provider: entry.provider, event: entry.event, trigger: entry.trigger });
    },
  );

  it('lists output fields derived from the output schema, nested keys dotted', () => {
    const saleFields = triggerOutputFields('sale');
    const keys = saleFields.map((field) => field.key);
    expect(keys).toEqual(expect.arrayContaining(['id', 'occurredAt', 'sale.amount', 'sale.currency', 'customer.email', 'link.shortUrl']));
    expect(saleFields.find((field) => field.key === 'occurredAt')?.type).toBe('datetime');
    expect(saleFields.find((field) => field.key === 'sale.amount')?.type).toBe('integer');
    // A leaf under a nullable object can be null even if the leaf itself is not.
    expect(saleFields.find((field) => field.key === 'partner.id')?.nullable).toBe(true);
  });

  it('gives a Dub click and a Linkly click the same shape, each listing the fields its service can fill', () => {
    const dubClick = findEntry('dub', 'link.clicked');
    const linklyClick = findEntry('linkly', 'click');
    expect(dubClick?.trigger).toBe('click');
    expect(linklyClick?.trigger).toBe('click');
    expect(Object.keys(dubClick?.normalizedSample() ?? {}).sort()).toEqual(Object.keys(linklyClick?.normalizedSample() ?? {}).sort());
    const keysOf = (entry: typeof dubClick) => (entry ? triggerOutputFields(entry.trigger, entry.provider) : []).map((field) => field.key);
    const shared = keysOf(dubClick).filter((key) => keysOf(linklyClick).includes(key));
    expect(keysOf(dubClick).filter((key) => !shared.includes(key))).toEqual([
      'link.externalId', 'link.programId', 'link.partnerId', 'link.tenantId',
      'click.city', 'click.region', 'click.continent', 'click.isQr', 'click.ip', 'click.userAgent',
    ]);
    expect(keysOf(linklyClick).filter((key) => !shared.includes(key))).toEqual(['click.isEu', 'click.isp', 'click.params']);
  });

  it("gives Linkly's link events the shape of Dub's, each listing the fields its service can fill", () => {
    for (const event of ['link.created', 'link.updated', 'link.deleted']) {
      const dub = findEntry('dub', event);
      const linkly = findEntry('linkly', event);
      expect([dub?.trigger, linkly?.trigger]).toEqual(['link', 'link']);
      const keys = (value: unknown) => Object.keys(value as object).sort();
      const dubSample = dub?.normalizedSample() as unknown as { link: object };
      const linklySample = linkly?.normalizedSample() as unknown as { link: object };
      expect(keys(linklySample)).toEqual(keys(dubSample));
      expect(keys(linklySample.link)).toEqual(keys(dubSample.link));
    }
    const linklyFields = triggerOutputFields('link', 'linkly').map((field) => field.key);
    expect(linklyFields).toEqual(expect.arrayContaining(['link.id', 'link.shortUrl', 'link.destinationUrl', 'link.domain', 'link.key', 'link.title', 'link.utmCampaign']));
    expect(linklyFields).not.toContain('link.folderId');
    expect(findEntry('linkly', 'link.updated')?.normalizedSample()).toMatchObject({
      provider: 'linkly',
      event: 'link.updated',
      trigger: 'link',
      occurredAt: '2026-09-14T08:13:37Z',
      link: { id: '12345', shortUrl: 'https://yourdomain.com/abc123', destinationUrl: 'https://example.com/spring-landing-page', key: 'abc123', title: 'Spring Campaign Link', utmSource: 'newsletter', tags: [] },
    });
  });

  it("marks a field as one service's only where the other's items never fill it (null, or false for a flag)", () => {
    const pairs = [
      [findEntry('linkly', 'click'), 'dub'],
      [findEntry('dub', 'link.clicked'), 'linkly'],
      [findEntry('linkly', 'link.updated'), 'dub'],
    ] as const;
    for (const [entry, other] of pairs) {
      const sample = entry?.normalizedSample() as unknown as Record<string, Record<string, unknown>>;
      const onlyOther = outputFieldsOf(entry ? outputSchemaOf(entry.trigger) : clickEventSchema).filter((field) => field.sentBy === other);
      expect(onlyOther.length).toBeGreaterThan(0);
      for (const field of onlyOther) {
        const [group, name] = field.key.split('.') as [string, string];
        expect({ key: field.key, value: sample[group]?.[name] }).toEqual({ key: field.key, value: field.type === 'boolean' && !field.nullable ? false : null });
      }
    }
  });

  it('gives different samples different ids, so de-duplication never drops a demo event', () => {
    const ids = entries.map((entry) => entry.normalizedSample().id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
