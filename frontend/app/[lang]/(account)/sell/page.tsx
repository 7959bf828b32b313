import type { Metadata } from 'next';
import { Suspense } from 'react';

import { SellForm } from '@/components/sell/SellForm';
import { localePath } from '@/lib/i18n/config';
import { alternates, pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  return { title: t.sell.title, description: t.sell.lead, alternates: alternates('/sell', locale) };
}

export default async function SellPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const sellPath = localePath('/sell', locale);
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-extrabold">{t.sell.title}</h1>
      <p className="mb-6 mt-2 text-stone-700">{t.sell.lead}</p>
      <Suspense>
        <SellForm
          accountHref={localePath('/account', locale)}
          loginHref={`${localePath('/login', locale)}?next=${encodeURIComponent(sellPath)}`}
          labels={{
            ...t.sell,
            fieldErrors: t.common.fieldErrors,
            signIn: t.nav.signIn,
            fuels: t.fuel,
            transmissions: t.transmission,
          }}
        />
      </Suspense>
    </div>
  );
}
