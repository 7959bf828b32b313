import type { Metadata } from 'next';
import { Suspense } from 'react';

import { AssignedImports } from '@/components/importer/AssignedImports';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';
import { importStatusLabels, tableLabels } from '@/lib/i18n/labels';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.importer.assignedTitle, robots: { index: false } };
}

/** The importer workspace's home: the requests assigned to them. */
export default async function ImporterHome({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const i = t.importer;
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{i.assignedTitle}</h1>
      <Suspense fallback={<p>{t.common.loading}</p>}>
        <AssignedImports
          locale={locale}
          detailHref={localePath('/importer/imports', locale)}
          labels={{
            caption: i.assignedTitle,
            request: i.request,
            car: i.car,
            origin: i.origin,
            budget: i.budget,
            estimate: i.estimate,
            status: i.status,
            updated: i.updated,
            all: t.workspace.all,
            statuses: importStatusLabels(t),
            countries: t.countries,
            table: tableLabels(t),
          }}
        />
      </Suspense>
    </>
  );
}
