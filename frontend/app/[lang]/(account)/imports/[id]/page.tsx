import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { ImportDetail } from '@/components/imports/ImportDetail';
import { localePath } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';
import { breakdownLabels, importStatusLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

// Rendered on the first visit, then served from the ISR cache.
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ lang: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  const { id } = await params;
  return { title: fill(t.imports.requestedTitle, { id }), robots: { index: false } };
}

/** A private page: the shell is static, the request is read in the browser with the user's token. */
export default async function ImportPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) notFound();
  const path = localePath(`/imports/${id}`, locale);
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="mb-6 text-3xl font-extrabold">{fill(t.imports.requestedTitle, { id })}</h1>
      <ImportDetail
        id={Number(id)}
        locale={locale}
        loginHref={`${localePath('/login', locale)}?next=${encodeURIComponent(path)}`}
        labels={{ ...t.imports, ...breakdownLabels(t), loading: t.common.loading, statuses: importStatusLabels(t), countries: t.countries }}
      />
    </div>
  );
}
