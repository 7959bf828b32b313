import { describe, expect, it } from 'vitest';

import { formatDate, formatDateTime, formatKes, formatKm, formatPercent, isoDateInNairobi } from '@/lib/format';

describe('formatKes', () => {
  it('writes shillings with commas and no cents when there are none', () => {
    expect(formatKes('1650000.00')).toBe('KES 1,650,000');
    expect(formatKes(980000)).toBe('KES 980,000');
  });
  it('keeps cents when there are some', () => {
    expect(formatKes('1650000.50')).toBe('KES 1,650,000.50');
  });
  it('writes negatives and nothing for missing values', () => {
    expect(formatKes(-5000)).toBe('-KES 5,000');
    expect(formatKes(null)).toBe('');
    expect(formatKes('not a number')).toBe('');
  });
});

describe('dates in Nairobi', () => {
  // 21:30 UTC on 31 December is 00:30 on 1 January in Nairobi (UTC+3).
  const newYear = '2026-12-31T21:30:00Z';
  it('uses Nairobi time, not the server clock', () => {
    expect(formatDate(newYear)).toBe('1 Jan 2027');
    expect(formatDateTime(newYear)).toBe('1 Jan 2027, 00:30');
    expect(isoDateInNairobi(newYear)).toBe('2027-01-01');
  });
  it('names months in Swahili on Swahili pages', () => {
    expect(formatDate('2026-12-12T09:00:00Z', 'sw')).toBe('12 Des 2026');
  });
});

describe('small numbers', () => {
  it('formats kilometres and shares', () => {
    expect(formatKm(78000)).toBe('78,000 km');
    expect(formatKm(null)).toBe('');
    expect(formatPercent(1, 3)).toBe('33%');
    expect(formatPercent(1, 0)).toBe('0%');
  });
});
