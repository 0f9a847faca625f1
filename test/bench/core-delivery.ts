import { createHmac } from 'node:crypto';
import { catalogue } from '../../shared/catalogue';
import { signDubBody } from '../../shared/delivery/dub-signature';
import { parseDelivery } from '../../shared/delivery/services';
import { URL_TOKEN_PARAM } from '../../shared/delivery/url-token';
import { compare, table } from './measure';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const OPERATIONS = 2_000;

/**
 * The cost of a whole delivery (verify + parse + validate + normalize) against its floor on the same bytes:
 * JSON.parse plus the HMAC of the raw body, which no receiver can skip. One row per event kind.
 */
export function benchCoreDelivery(): { rows: { event: string; floorNs: number; fullNs: number; ratio: number }[]; text: string } {
  const rows = [...catalogue.dub, ...catalogue.linkly].map((entry) => {
    const body = Buffer.from(JSON.stringify(entry.sample));
    const isDub = entry.provider === 'dub';
    const headers = isDub ? { 'dub-signature': signDubBody(body, SECRET) } : {};
    const url = `/webhook?${URL_TOKEN_PARAM}=${SECRET}`;
    let sink: unknown;
    const floor = () => {
      sink = JSON.parse(body.toString('utf8'));
      sink = createHmac('sha256', SECRET).update(body).digest('hex');
    };
    const full = () => {
      const result = parseDelivery({ provider: entry.provider, headers, body, secret: SECRET, url });
      if (!result.ok) throw result.error;
      sink = result;
    };
    const { baseline, candidate } = compare(floor, full, OPERATIONS);
    void sink;
    return { event: `${entry.provider} ${entry.event}`, floorNs: baseline.nsPerOp, fullNs: candidate.nsPerOp, ratio: candidate.nsPerOp / baseline.nsPerOp };
  });
  const text = table([
    ['event', 'floor µs', 'delivery µs', 'ratio'],
    ...rows.map((row) => [row.event, (row.floorNs / 1000).toFixed(1), (row.fullNs / 1000).toFixed(1), `${row.ratio.toFixed(2)}×`]),
  ]);
  return { rows, text };
}
