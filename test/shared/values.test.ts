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
