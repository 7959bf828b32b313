'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';

import { CategoryChart } from '@/components/admin/CategoryChart';
import { Notice } from '@/components/ui/Notice';
import { TimeSeriesChart } from '@/components/workspace/TimeSeriesChart';
import { adminApi, type Overview } from '@/lib/api/admin';
import { ApiError } from '@/lib/api/errors';
import { dayPoints, outcomePoints, paymentPoints, queuePoints, type OverviewLabels } from '@/lib/admin';
import { fill } from '@/lib/i18n/dictionary';

export interface AdminOverviewLabels extends OverviewLabels {
  lead: string;
  loading: string;
  pendingCars: string;
  unapprovedVendors: string;
  unassignedImports: string;
  listingsPerDay: string;
  listingsPerDayTable: string;
  ordersPerDay: string;
  ordersPerDayTable: string;
  day: string;
  count: string;
  queueByAge: string;
  queueByAgeTable: string;
  waited: string;
  notificationOutcomes: string;
  notificationOutcomesTable: string;
  outcome: string;
  paymentsByMethod: string;
  paymentsByMethodTable: string;
  method: string;
  amount: string;
}

/** What happened lately and what waits, as numbers and charts (read with the admin's token). */
export function AdminOverview({ labels, links, days = 30 }: { labels: AdminOverviewLabels; links: { cars: string; vendors: string; imports: string }; days?: number }) {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    adminApi
      .overview(days)
      .then(setOverview)
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : String(caught)));
  }, [days]);

  if (error) return <Notice tone="error">{error}</Notice>;
  if (!overview) return <p aria-busy="true">{labels.loading}</p>;
  const tiles = [
    { label: labels.pendingCars, value: overview.pending_cars, href: links.cars },
    { label: labels.unapprovedVendors, value: overview.unapproved_vendors, href: links.vendors },
    { label: labels.unassignedImports, value: overview.unassigned_imports, href: links.imports },
  ];
  const categories = [
    { title: labels.queueByAge, tableCaption: labels.queueByAgeTable, categoryLabel: labels.waited, points: queuePoints(overview, labels) },
    { title: labels.notificationOutcomes, tableCaption: labels.notificationOutcomesTable, categoryLabel: labels.outcome, points: outcomePoints(overview, labels) },
    { title: labels.paymentsByMethod, tableCaption: labels.paymentsByMethodTable, categoryLabel: labels.method, points: paymentPoints(overview, labels), valueLabel: labels.amount },
  ];
  return (
    <div className="space-y-6">
      <p className="text-stone-700">{fill(labels.lead, { days: overview.days })}</p>
      <ul className="grid gap-4 sm:grid-cols-3">
        {tiles.map((tile) => (
          <li key={tile.label} className="card p-4">
            <Link href={tile.href} className="block">
              <span className="block text-sm font-semibold text-stone-700">{tile.label}</span>
              <span className="block text-3xl font-extrabold text-brand-900">{tile.value.toLocaleString('en-KE')}</span>
            </Link>
          </li>
        ))}
      </ul>
      <div className="grid gap-6 xl:grid-cols-2">
        <TimeSeriesChart
          title={labels.listingsPerDay}
          tableCaption={labels.listingsPerDayTable}
          dayLabel={labels.day}
          valueLabel={labels.count}
          points={dayPoints(overview.listings_per_day)}
        />
        <TimeSeriesChart
          title={labels.ordersPerDay}
          tableCaption={labels.ordersPerDayTable}
          dayLabel={labels.day}
          valueLabel={labels.count}
          points={dayPoints(overview.orders_per_day)}
        />
        {categories.map((chart) => (
          <CategoryChart key={chart.title} valueLabel={labels.count} {...chart} />
        ))}
      </div>
    </div>
  );
}
