import { describe, expect, it } from 'vitest';

import type { Overview } from '@/lib/api/admin';
import { ageLabel, dayPoints, outcomePoints, paymentPoints, queuePoints } from '@/lib/admin';
import { getMessages } from '@/lib/i18n/dictionary';
import { overviewLabels } from '@/lib/i18n/admin-labels';

const overview: Overview = {
  days: 2,
  first_day: '2026-11-30',
  last_day: '2026-12-01',
  listings_per_day: [
    { day: '2026-11-30', count: 3 },
    { day: '2026-12-01', count: 0 },
  ],
  orders_per_day: [],
  pending_cars: 4,
  pending_cars_by_age: [
    { min_days: 0, max_days: 1, count: 1 },
    { min_days: 1, max_days: 3, count: 2 },
    { min_days: 3, max_days: 7, count: 0 },
    { min_days: 7, max_days: null, count: 1 },
  ],
  unapproved_vendors: 1,
  unassigned_imports: 0,
  notification_outcomes: [
    { channel: 'email', status: 'sent', count: 5 },
    { channel: 'whatsapp', status: 'undeliverable', count: 2 },
  ],
  payments_by_method: [
    { method: 'card', count: 1, amount: '50000.40' },
    { method: 'mpesa', count: 2, amount: '5750.50' },
  ],
};

describe('admin overview points', () => {
  const en = overviewLabels(getMessages('en'));
  const sw = overviewLabels(getMessages('sw'));

  it('names the waiting times of the review queue', () => {
    expect(queuePoints(overview, en)).toEqual([
      { label: 'Under 1 day', value: 1 },
      { label: '1–3 days', value: 2 },
      { label: '3–7 days', value: 0 },
      { label: '7 days or more', value: 1 },
    ]);
    expect(ageLabel({ min_days: 7, max_days: null, count: 1 }, sw)).toBe('Siku 7 au zaidi');
  });

  it('labels outcomes by channel and status, in the language', () => {
    expect(outcomePoints(overview, en).map((p) => p.label)).toEqual(['Email: sent', 'WhatsApp: undeliverable']);
    expect(outcomePoints(overview, sw)[0]).toEqual({ label: 'Barua pepe: imetumwa', value: 5 });
  });

  it('sums payments in whole shillings, with their count', () => {
    expect(paymentPoints(overview, en)).toEqual([
      { label: 'Card (1)', value: 50000 },
      { label: 'M-Pesa (2)', value: 5751 },
    ]);
  });

  it('keeps every day for the time series', () => {
    expect(dayPoints(overview.listings_per_day)).toEqual([
      { day: '2026-11-30', value: 3 },
      { day: '2026-12-01', value: 0 },
    ]);
  });
});
