import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';

import { PartsTable } from '@/components/vendor/PartsTable';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';
import { partsTableLabels } from '@/lib/i18n/labels';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.vendor.partsTitle, robots: { index: false } };
}

export default async function VendorPartsPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-extrabold">{t.vendor.partsTitle}</h1>
        <Link href={localePath('/vendor/parts/new', locale)} className="btn-primary">
          {t.vendor.newPart}
        </Link>
      </div>
      <Suspense fallback={<p>{t.common.loading}</p>}>
        <PartsTable labels={partsTableLabels(t, t.vendor.partsTitle)} editHref={localePath('/vendor/parts', locale)} />
      </Suspense>
    </>
  );
}
