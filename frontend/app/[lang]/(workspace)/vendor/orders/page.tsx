import type { Metadata } from 'next';
import { Suspense } from 'react';

import { VendorOrders } from '@/components/vendor/VendorOrders';
import { pageLocale } from '@/lib/i18n/page';
import { tableLabels } from '@/lib/i18n/labels';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.vendor.ordersTitle, robots: { index: false } };
}

export default async function VendorOrdersPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const v = t.vendor;
  return (
    <>
      <h1 className="mb-2 text-3xl font-extrabold">{v.ordersTitle}</h1>
      <p className="mb-6 text-stone-700">{v.ordersLead}</p>
      <Suspense fallback={<p>{t.common.loading}</p>}>
        <VendorOrders
          locale={locale}
          labels={{
            caption: v.ordersTitle,
            order: v.order,
            placed: v.placed,
            status: v.status,
            lines: v.lines,
            buyer: v.buyer,
            buyerHidden: v.buyerHidden,
            total: v.total,
            fulfil: v.fulfil,
            fulfilLine: v.fulfilLine,
            fulfilled: v.fulfilled,
            fulfilledNow: v.fulfilledNow,
            all: t.workspace.all,
            busy: t.workspace.busy,
            fieldErrors: t.common.fieldErrors,
            statuses: t.account.orderStatus,
            table: tableLabels(t),
          }}
        />
      </Suspense>
    </>
  );
}
