import { rateLimitWaitMs } from '../../shared/api/rate-limit';

const now = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('how long to wait after a 429', () => {
  it.each([
    ['Retry-After in seconds', { 'retry-after': '30' }, 30_000],
    ['Retry-After as an HTTP date', { 'retry-after': new Date(now + 90_000).toUTCString() }, 90_000],
    ['X-RateLimit-Reset in epoch milliseconds (what Dub sends)', { 'x-ratelimit-reset': String(now + 12_000) }, 12_000],
    ['X-RateLimit-Reset in epoch seconds (what Dub documents)', { 'x-ratelimit-reset': String((now + 12_000) / 1000) }, 12_000],
    ['X-RateLimit-Reset as seconds to wait', { 'x-ratelimit-reset': '45' }, 45_000],
    ['a reset already past', { 'x-ratelimit-reset': String(now - 5_000) }, 0],
    ['both, disagreeing: the longer', { 'retry-after': '1', 'x-ratelimit-reset': String(now + 4_000) }, 4_000],
  ])('%s', (_case, headers, expected) => {
    expect(rateLimitWaitMs(headers, now)).toBe(expected);
  });

  it('no usable header: unknown', () => {
    expect(rateLimitWaitMs({ 'retry-after': 'soon', 'x-ratelimit-reset': '' }, now)).toBeUndefined();
    expect(rateLimitWaitMs({}, now)).toBeUndefined();
  });
});
