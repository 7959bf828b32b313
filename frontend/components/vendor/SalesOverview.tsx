'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';

import { Notice } from '@/components/ui/Notice';
import { TimeSeriesChart } from '@/components/workspace/TimeSeriesChart';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { SalesSummary } from '@/lib/api/types';
import { formatKes } from '@/lib/format';
import { fill } from '@/lib/i18n/dictionary';

export interface SalesLabels {
  revenue: string;
  unitsSold: string;
  ordersCount: string;
  toFulfil: string;
  salesChart: string;
  salesChartTable: string;
  day: string;
  amount: string;
  loading: string;
  period: string;
  lastDays: string;
}

const PERIODS = [7, 30, 90] as const;

/** The vendor's sales over the last 7, 30 or 90 days (?days= in the URL): totals and a chart. */
export function SalesOverview({ labels, ordersHref }: { labels: SalesLabels; ordersHref: string }) {
  const search = useSearchParams();
  const pathname = usePathname();
  const asked = Number(search.get('days'));
  const days = (PERIODS as readonly number[]).includes(asked) ? asked : 30;
  const [summary, setSummary] = useState<SalesSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .salesSummary(days)
      .then(setSummary)
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : String(caught)));
  }, [days]);

  if (error) return <Notice tone="error">{error}</Notice>;
  if (!summary) return <p aria-busy="true">{labels.loading}</p>;
  const stats = [
    { label: labels.revenue, value: formatKes(summary.revenue) },
    { label: labels.unitsSold, value: String(summary.units) },
    { label: labels.ordersCount, value: String(summary.orders) },
  ];
  return (
    <div className="space-y-6">
      <nav aria-label={labels.period} className="flex gap-2">
        {PERIODS.map((period) => (
          <Link
            key={period}
            href={`${pathname}?days=${period}`}
            aria-current={period === days ? 'page' : undefined}
            className={period === days ? 'btn-primary' : 'btn-secondary'}
          >
            {fill(labels.lastDays, { days: period })}
          </Link>
        ))}
      </nav>
      <dl className="grid gap-4 sm:grid-cols-4">
        {stats.map((stat) => (
          <div key={stat.label} className="card p-4">
            <dt className="text-sm text-stone-700">{stat.label}</dt>
            <dd className="text-2xl font-bold">{stat.value}</dd>
          </div>
        ))}
        <div className="card p-4">
          <dt className="text-sm text-stone-700">{labels.toFulfil}</dt>
          <dd className="text-2xl font-bold">
            <Link href={`${ordersHref}?status=paid`} className="underline">
              {summary.lines_to_fulfil}
            </Link>
          </dd>
        </div>
      </dl>
      <TimeSeriesChart
        title={fill(labels.salesChart, { days })}
        tableCaption={labels.salesChartTable}
        dayLabel={labels.day}
        valueLabel={labels.amount}
        points={summary.series.map((point) => ({ day: point.day, value: Number(point.revenue) }))}
      />
    </div>
  );
}
