import type { Metadata } from 'next';

import { pageLocale } from '@/lib/i18n/page';

export const dynamic = 'force-static';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.offline.title, robots: { index: false } };
}

/** What the service worker shows when a page cannot be fetched (cached at install). */
export default async function OfflinePage({ params }: Props) {
  const { t } = await pageLocale(params);
  return (
    <div className="mx-auto max-w-xl py-10 text-center">
      <h1 className="text-3xl font-extrabold">{t.offline.title}</h1>
      <p className="mt-3 text-stone-700">{t.offline.body}</p>
    </div>
  );
}
