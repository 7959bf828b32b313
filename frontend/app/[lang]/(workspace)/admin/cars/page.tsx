import type { Metadata } from 'next';

import { CarModeration } from '@/components/admin/CarModeration';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.admin.title, robots: { index: false } };
}

/** The admin workspace's first page: listings awaiting review (the rest of the workspace comes later). */
export default async function AdminCarsPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const path = localePath('/admin/cars', locale);
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{t.admin.title}</h1>
      <CarModeration
        loginHref={`${localePath('/login', locale)}?next=${encodeURIComponent(path)}`}
        labels={{ ...t.admin, loading: t.common.loading, noPhoto: t.car.noPhoto }}
      />
    </>
  );
}
