import type { Metadata } from 'next';
import { Suspense } from 'react';

import { ImportAssignments } from '@/components/admin/ImportAssignments';
import { importStatusLabels, tableLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.admin.importsTitle, robots: { index: false } };
}

export default async function AdminImportsPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{t.admin.importsTitle}</h1>
      <Suspense fallback={<p aria-busy="true">{t.common.loading}</p>}>
        <ImportAssignments
          locale={locale}
          labels={{ ...t.admin, all: t.workspace.all }}
          statuses={importStatusLabels(t)}
          table={tableLabels(t)}
          form={{ busy: t.workspace.busy, fieldErrors: t.common.fieldErrors }}
        />
      </Suspense>
    </>
  );
}
