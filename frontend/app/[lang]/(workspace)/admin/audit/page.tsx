import type { Metadata } from 'next';
import { Suspense } from 'react';

import { AuditLog } from '@/components/admin/AuditLog';
import { tableLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.admin.auditTitle, robots: { index: false } };
}

export default async function AdminAuditPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{t.admin.auditTitle}</h1>
      <Suspense fallback={<p aria-busy="true">{t.common.loading}</p>}>
        <AuditLog locale={locale} labels={t.admin} table={tableLabels(t)} />
      </Suspense>
    </>
  );
}
