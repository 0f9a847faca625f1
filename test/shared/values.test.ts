import { countryCode, currencyCode, isTimestamp, toUtcIso } from '../../shared/normalized/values';

describe('timestamps', () => {
  it.each([
    ['2024-08-30T10:16:13.149Z', '2024-08-30T10:16:13.149Z'],
    ['2025-01-15T10:30:00.123456Z', '2025-01-15T10:30:00.123456Z'],
    ['2025-01-15T10:30:00.123456+02:00', '2025-01-15T08:30:00.123456Z'],
    ['2025-01-15T00:30:00-0130', '2025-01-15T02:00:00Z'],
    ['2025-01-15 10:30:00', '2025-01-15T10:30:00Z'],
    ['2025-12-31T23:30:00.5-01:00', '2026-01-01T00:30:00.5Z'],
  ])('%s is %s in UTC, every fractional digit kept', (input, expected) => {
    expect(isTimestamp(input)).toBe(true);
    expect(toUtcIso(input)).toBe(expected);
  });

  it.each(['yesterday', '2025-13-45T99:00:00Z', '', '1700000000'])('%j is not a timestamp', (input) => {
    expect(isTimestamp(input)).toBe(false);
  });

  // Date.parse takes each of these, rolling it over into the next month or day.
  it.each(['2026-02-31T10:00:00Z', '2025-02-29T10:00:00Z', '2026-04-31T10:00:00.000Z', '2026-06-31 10:00', '2026-12-31T24:00:00Z', '2026-01-32T10:00:00+02:00'])(
    '%j does not exist, so it is not a timestamp',
    (input) => {
      expect(isTimestamp(input)).toBe(false);
    },
  );

  it.each(['2024-02-29T23:59:59.999Z', '2026-01-31 10:00+02:00', '2026-12-31T23:59:59Z'])('%j exists', (input) => {
    expect(isTimestamp(input)).toBe(true);
  });
});

describe('codes', () => {
  it('upper-cases currencies, as Dub sends both usd and USD', () => {
    expect(currencyCode('usd')).toBe('USD');
    expect(currencyCode('EUR')).toBe('EUR');
  });

  it('keeps two-letter countries and drops anything else', () => {
    expect(countryCode('us')).toBe('US');
    expect(countryCode('Unknown')).toBeNull();
    expect(countryCode(null)).toBeNull();
  });
});
