import type { Metadata } from 'next';
import { Suspense } from 'react';

import { SalesOverview } from '@/components/vendor/SalesOverview';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.vendor.salesTitle, robots: { index: false } };
}

/** The vendor workspace's home: what sold, per day, and what waits to be handed over. */
export default async function VendorHome({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const v = t.vendor;
  return (
    <>
      <h1 className="mb-2 text-3xl font-extrabold">{v.salesTitle}</h1>
      <p className="mb-6 text-stone-700">{v.salesLead}</p>
      <Suspense fallback={<p>{t.common.loading}</p>}>
        <SalesOverview
          ordersHref={localePath('/vendor/orders', locale)}
          labels={{
            revenue: v.revenue,
            unitsSold: v.unitsSold,
            ordersCount: v.ordersCount,
            toFulfil: v.toFulfil,
            salesChart: v.salesChart,
            salesChartTable: v.salesChartTable,
            day: v.day,
            amount: v.amount,
            loading: t.common.loading,
            period: v.period,
            lastDays: v.lastDays,
          }}
        />
      </Suspense>
    </>
  );
}
