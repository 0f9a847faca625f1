import * as z from '../zod';

/** Small value conversions every normalizer shares. */

/** The form Dub sends and most services use; checked first because it needs no conversion. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * True for an ISO 8601 date-time that `toUtcIso` can convert, and that exists: Date.parse rolls
 * `2026-02-31T10:00:00Z` over to March 3rd, so the calendar is checked first.
 */
export function isTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (match === null || !existsInCalendar(match[1] as string, match[2] as string)) return false;
  if (CANONICAL_UTC.test(value)) return !Number.isNaN(Date.parse(value));
  return !Number.isNaN(Date.parse(`${match[1]}T${match[2]}${zoneOf(match[4])}`));
}

function existsInCalendar(date: string, time: string): boolean {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  const [hours = 0, minutes = 0, seconds = 0] = time.split(':').map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hours <= 23 && minutes <= 59 && seconds <= 59;
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

/** ISO 4217 codes are upper case; Dub sends both `usd` and `USD`. */
export function currencyCode(value: string): string {
  return value.trim().toUpperCase();
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
