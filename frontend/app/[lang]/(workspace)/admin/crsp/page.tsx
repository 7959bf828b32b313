import type { Metadata } from 'next';
import { Suspense } from 'react';

import { CrspReleases } from '@/components/admin/CrspReleases';
import { localePath } from '@/lib/i18n/config';
import { tableLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.admin.crspTitle, robots: { index: false } };
}

export default async function AdminCrspPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <>
      <h1 className="mb-2 text-3xl font-extrabold">{t.admin.crspTitle}</h1>
      <p className="mb-6 text-stone-700">{t.admin.crspLead}</p>
      <Suspense fallback={<p aria-busy="true">{t.common.loading}</p>}>
        <CrspReleases
          locale={locale}
          labels={{ ...t.admin, all: t.workspace.all, actions: t.workspace.actions }}
          table={tableLabels(t)}
          form={{ busy: t.workspace.busy, fieldErrors: t.common.fieldErrors }}
          diffHref={localePath('/admin/crsp/{label}', locale)}
        />
      </Suspense>
    </>
  );
}
