import type { Metadata } from 'next';
import { Suspense } from 'react';

import { CarModeration } from '@/components/admin/CarModeration';
import { tableLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.admin.title, robots: { index: false } };
}

/** The moderation queue: listings awaiting review, with their photos. */
export default async function AdminCarsPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const a = t.admin;
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{a.title}</h1>
      <Suspense fallback={<p aria-busy="true">{t.common.loading}</p>}>
        <CarModeration
          locale={locale}
          table={{ ...tableLabels(t), none: a.none }}
          form={{ busy: t.workspace.busy, fieldErrors: t.common.fieldErrors }}
          labels={{
            caption: a.queueCaption,
            listing: a.listing,
            photo: a.photo,
            price: a.price,
            year: a.year,
            actions: t.workspace.actions,
            approve: a.approve,
            reject: a.reject,
            reason: a.reason,
            reasonHint: a.reasonHint,
            approved: a.approved,
            rejected: a.rejected,
            owner: a.owner,
            listed: a.listed,
            noPhoto: t.car.noPhoto,
          }}
        />
      </Suspense>
    </>
  );
}
