import type { Metadata } from 'next';
import { Suspense } from 'react';

import { OrdersAdmin } from '@/components/admin/OrdersAdmin';
import { tableLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.admin.ordersTitle, robots: { index: false } };
}

export default async function AdminOrdersPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{t.admin.ordersTitle}</h1>
      <Suspense fallback={<p aria-busy="true">{t.common.loading}</p>}>
        <OrdersAdmin
          locale={locale}
          labels={{ ...t.admin, all: t.workspace.all, actions: t.workspace.actions }}
          statuses={t.account.orderStatus}
          table={tableLabels(t)}
          form={{ busy: t.workspace.busy, fieldErrors: t.common.fieldErrors }}
        />
      </Suspense>
    </>
  );
}
