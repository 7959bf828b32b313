import type { Metadata } from 'next';
import { Suspense } from 'react';

import { FailedNotifications } from '@/components/admin/FailedNotifications';
import { tableLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.admin.notificationsTitle, robots: { index: false } };
}

export default async function AdminNotificationsPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{t.admin.notificationsTitle}</h1>
      <Suspense fallback={<p aria-busy="true">{t.common.loading}</p>}>
        <FailedNotifications locale={locale} labels={t.admin} table={tableLabels(t)} />
      </Suspense>
    </>
  );
}
