/**
 * Money and dates, formatted in one place: prices as "KES 1,650,000" (no decimals
 * unless there are cents), dates and times in Nairobi (Africa/Nairobi, UTC+3, no DST).
 */
import type { Locale } from '@/lib/i18n/config';

export const TIME_ZONE = 'Africa/Nairobi';

const INTL_LOCALE: Record<Locale, string> = { en: 'en-KE', sw: 'sw-KE' };

/** "KES 1,650,000"; "KES 1,650,000.50" when there are cents. Accepts API decimal strings. */
export function formatKes(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const amount = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(amount)) return '';
  const cents = Math.round(Math.abs(amount) * 100) % 100 !== 0;
  // Grouping with commas whatever the page language: Kenyan prices are written so.
  const digits = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: cents ? 2 : 0,
    maximumFractionDigits: 2,
  }).format(Math.abs(amount));
  return `${amount < 0 ? '-' : ''}KES ${digits}`;
}

/** "78,000 km". */
export function formatKm(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return `${new Intl.NumberFormat('en-US').format(value)} km`;
}

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "12 Dec 2026" in Nairobi. */
export function formatDate(value: string | Date, locale: Locale = 'en'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(toDate(value));
}

/** "12 Dec 2026, 14:05" in Nairobi (24-hour clock). */
export function formatDateTime(value: string | Date, locale: Locale = 'en'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(toDate(value));
}

/** The ISO date (YYYY-MM-DD) of an instant in Nairobi, for machine-readable <time>. */
export function isoDateInNairobi(value: string | Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(toDate(value));
  return parts;
}

/** Share of a total as a whole percentage, for chart labels ("42%"). */
export function formatPercent(part: number, total: number): string {
  if (!total) return '0%';
  return `${Math.round((part / total) * 100)}%`;
}
