import type { Metadata } from 'next';
import { Suspense } from 'react';

import { PartsTable } from '@/components/vendor/PartsTable';
import { localePath } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';
import { pageLocale } from '@/lib/i18n/page';
import { partsTableLabels } from '@/lib/i18n/labels';

// What "low" means here: a few days of sales for a small spares shop.
const LOW_STOCK = 5;

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.vendor.lowStockTitle, robots: { index: false } };
}

export default async function VendorLowStockPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <>
      <h1 className="mb-2 text-3xl font-extrabold">{t.vendor.lowStockTitle}</h1>
      <p className="mb-6 text-stone-700">{fill(t.vendor.lowStockLead, { count: LOW_STOCK })}</p>
      <Suspense fallback={<p>{t.common.loading}</p>}>
        <PartsTable labels={partsTableLabels(t, t.vendor.lowStockTitle)} editHref={localePath('/vendor/parts', locale)} lowStock={LOW_STOCK} />
      </Suspense>
    </>
  );
}
