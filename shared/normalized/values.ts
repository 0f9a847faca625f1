import * as z from '../zod';

/** Small value conversions every normalizer shares. */

/** The form Dub sends and most services use; checked first because it needs no conversion. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * True for an ISO 8601 date-time that `toUtcIso` can convert, and that exists: Date.parse rolls
 * `2026-02-31T10:00:00Z` over to March 3rd, so the calendar is checked too.
 */
export function isTimestamp(value: string): boolean {
  if (CANONICAL_UTC.test(value)) return existsInCalendar(value) && !Number.isNaN(Date.parse(value));
  const match = TIMESTAMP.exec(value);
  return match !== null && existsInCalendar(value) && !Number.isNaN(Date.parse(`${match[1]}T${match[2]}${zoneOf(match[4])}`));
}

/**
 * For text both patterns above accepted, whose parts stand at fixed places (`YYYY-MM-DDTHH:MM:SS`). Slices rather
 * than splits: this runs for every date of every delivery.
 */
function existsInCalendar(text: string): boolean {
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const seconds = text.charAt(16) === ':' ? Number(text.slice(17, 19)) : 0;
  if (month < 1 || month > 12 || day < 1 || Number(text.slice(11, 13)) > 23 || Number(text.slice(14, 16)) > 59 || seconds > 59) return false;
  return day <= 28 || day <= new Date(Date.UTC(Number(text.slice(0, 4)), month, 0)).getUTCDate();
}

/** A delivery's date-time field, for any service's schema. */
/** The description is what an item's unreadFields says was expected (shared/catalogue/read-leniently.ts). */
export const timestamp = z
  .string()
  .refine(isTimestamp, { message: 'expected an ISO 8601 date-time' })
  .meta({ description: 'an ISO 8601 date-time' });

/**
 * ISO 8601 in UTC, keeping every fractional digit the service sent: Linkly's microseconds would be cut to
 * milliseconds by a round trip through Date. A timestamp without a zone is taken as UTC.
 */
export function toUtcIso(value: string): string {
  if (CANONICAL_UTC.test(value) && !Number.isNaN(Date.parse(value))) return value;
  const match = TIMESTAMP.exec(value);
  if (!match) return value;
  const [, date, time, fraction = '', zone] = match;
  const whole = new Date(`${date}T${time}${zoneOf(zone)}`);
  if (Number.isNaN(whole.getTime())) return value;
  return `${whole.toISOString().slice(0, 19)}${fraction}Z`;
}

function zoneOf(zone: string | undefined): string {
  if (!zone || zone.toUpperCase() === 'Z') return 'Z';
  return zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

export function toUtcIsoOrNull(value: string | null | undefined): string | null {
  return value ? toUtcIso(value) : null;
}

/** ISO 4217 codes are upper case; Dub sends both `usd` and `USD`. Null (a code that did not read) stays null. */
export function currencyCode(value: string | null): string | null {
  return value === null ? null : value.trim().toUpperCase();
}

/** Two-letter ISO 3166 code, or null for anything else (e.g. "Unknown"). */
export function countryCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const upper = value.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(upper) ? upper : null;
}

export function orNull<T>(value: T | null | undefined): T | null {
  return value ?? null;
}
