import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { Checkout } from '@/components/checkout/Checkout';
import { settings } from '@/lib/config';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';

// Per request: the payment settings below are read at run time.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ lang: string; orderId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.checkout.title, robots: { index: false } };
}

export default async function CheckoutPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const { orderId } = await params;
  if (!/^\d{1,18}$/.test(orderId)) notFound();
  const path = localePath(`/checkout/${orderId}`, locale);
  return (
    <div>
      <h1 className="mb-6 text-3xl font-extrabold">{t.checkout.title}</h1>
      <Checkout
        orderId={Number(orderId)}
        locale={locale}
        loginHref={`${localePath('/login', locale)}?next=${encodeURIComponent(path)}`}
        stripeKey={settings.stripePublishableKey}
        simulated={settings.paymentsSimulated}
        labels={{ ...t.checkout, loading: t.common.loading }}
      />
    </div>
  );
}
