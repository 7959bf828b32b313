/** The admin overview's numbers as chart points: pure, so they are unit-tested. */
import type { Overview } from './api/admin';
import { fill } from './i18n/dictionary';

export interface OverviewLabels {
  ageRange: string;
  ageUnder: string;
  agePlus: string;
  email: string;
  whatsapp: string;
  methodMpesa: string;
  methodCard: string;
  statuses: Record<string, string>;
}

/** "Under 1 day", "1–3 days", "7 days or more". */
export function ageLabel(age: Overview['pending_cars_by_age'][number], labels: OverviewLabels): string {
  if (age.max_days === null) return fill(labels.agePlus, { min: age.min_days });
  if (age.min_days === 0) return fill(labels.ageUnder, { max: age.max_days });
  return fill(labels.ageRange, { min: age.min_days, max: age.max_days });
}

export function queuePoints(overview: Overview, labels: OverviewLabels) {
  return overview.pending_cars_by_age.map((age) => ({ label: ageLabel(age, labels), value: age.count }));
}

/** One bar per channel and outcome: "Email: sent", "WhatsApp: failed". */
export function outcomePoints(overview: Overview, labels: OverviewLabels) {
  return overview.notification_outcomes.map((row) => ({
    label: `${row.channel === 'email' ? labels.email : labels.whatsapp}: ${labels.statuses[row.status] ?? row.status}`,
    value: row.count,
  }));
}

/** Money per payment method, in whole shillings. */
export function paymentPoints(overview: Overview, labels: OverviewLabels) {
  const names: Record<string, string> = { mpesa: labels.methodMpesa, card: labels.methodCard };
  return overview.payments_by_method.map((row) => ({
    label: `${names[row.method] ?? row.method} (${row.count})`,
    value: Math.round(Number(row.amount)),
  }));
}

export function dayPoints(days: Overview['listings_per_day']) {
  return days.map((row) => ({ day: row.day, value: row.count }));
}
