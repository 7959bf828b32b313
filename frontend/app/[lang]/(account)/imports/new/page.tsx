import type { Metadata } from 'next';
import { Suspense } from 'react';

import { ImportForm } from '@/components/imports/ImportForm';
import { localePath } from '@/lib/i18n/config';
import { breakdownLabels } from '@/lib/i18n/labels';
import { alternates, pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  return { title: t.imports.title, description: t.imports.lead, alternates: alternates('/imports/new', locale) };
}

export default async function NewImportPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const path = localePath('/imports/new', locale);
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-extrabold">{t.imports.title}</h1>
      <p className="mb-6 mt-2 text-stone-700">{t.imports.lead}</p>
      <Suspense>
        <ImportForm
          loginHref={`${localePath('/login', locale)}?next=${encodeURIComponent(path)}`}
          detailBase={localePath('/imports', locale)}
          labels={{ ...t.imports, ...breakdownLabels(t), fieldErrors: t.common.fieldErrors, countries: t.countries }}
        />
      </Suspense>
    </div>
  );
}
