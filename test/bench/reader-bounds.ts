import { findEntry } from '../../shared/catalogue';
import { signDubBody } from '../../shared/delivery/dub-signature';
import { parseDelivery } from '../../shared/delivery/services';
import { compare, table } from './measure';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const LINKS = 8_000;

/**
 * What a body drifted throughout costs against the same-sized body that reads (issue 17: 32,000 drifted links once
 * took 9.7 s and listed 96,000 values), and what metadata nested 4,900 levels deep costs against the catalogue's
 * lead. Both are authentic Dub deliveries, read through parseDelivery whole.
 */
export function benchReaderBounds(): { text: string } {
  const enrolled = findEntry('dub', 'partner.enrolled')!;
  const lead = findEntry('dub', 'lead.created')!;
  const withLinks = (link: object) => JSON.stringify({ ...(enrolled.sample as object), data: { ...(enrolled.sample as { data: object }).data, links: Array.from({ length: LINKS }, () => link) } });
  const deepLead = JSON.stringify({ ...(lead.sample as object), data: { ...(lead.sample as { data: object }).data, eventName: 5.5, metadata: { plan: 'DEEP' } } }).replace('"DEEP"', `${'['.repeat(4_900)}${']'.repeat(4_900)}`);
  const cases = [
    { name: `partner.enrolled, ${LINKS} links: each drifted vs each read`, baseline: withLinks({ id: 'lnk_1', clicks: 1, leads: 2 }), candidate: withLinks({ clicks: 'x', leads: 'y' }), operations: 1 },
    { name: 'lead.created: metadata 4,900 levels deep + 1 drift vs the sample', baseline: JSON.stringify(lead.sample), candidate: deepLead, operations: 20 },
  ];
  const rows = cases.map(({ name, baseline, candidate, operations }) => {
    const read = (body: string) => () => {
      const result = parseDelivery({ provider: 'dub', headers: { 'dub-signature': signDubBody(body, SECRET) }, body, secret: SECRET });
      if (!result.ok || !result.entry) throw new Error(`${name}: no item`);
    };
    const timing = compare(read(baseline), read(candidate), operations, 5);
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    return [name, ms(timing.baseline.nsPerOp), ms(timing.candidate.nsPerOp), `${(timing.candidate.nsPerOp / timing.baseline.nsPerOp).toFixed(2)}×`];
  });
  return { text: table([['body', 'reads ms', 'drifted ms', 'ratio'], ...rows]) };
}
