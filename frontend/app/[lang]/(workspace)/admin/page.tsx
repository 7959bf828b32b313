import type { Metadata } from 'next';

import { AdminOverview } from '@/components/admin/AdminOverview';
import { localePath } from '@/lib/i18n/config';
import { overviewLabels } from '@/lib/i18n/admin-labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.admin.overviewTitle, robots: { index: false } };
}

/** Where the demo admin lands: the marketplace at a glance. */
export default async function AdminOverviewPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const href = (path: string) => localePath(path, locale);
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{t.admin.overviewTitle}</h1>
      <AdminOverview
        labels={overviewLabels(t)}
        links={{ cars: href('/admin/cars'), vendors: href('/admin/vendors?approved=false'), imports: href('/admin/imports') }}
      />
    </>
  );
}
