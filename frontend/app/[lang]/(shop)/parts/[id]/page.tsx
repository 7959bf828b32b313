import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

import { CarGallery } from '@/components/cars/CarGallery';
import { AskVendor } from '@/components/parts/AskVendor';
import { BuyPart } from '@/components/parts/BuyPart';
import { publicApi } from '@/lib/api/server';
import { formatKes } from '@/lib/format';
import { localePath } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';
import { alternates, pageLocale } from '@/lib/i18n/page';
import { fitmentText } from '@/lib/parts';

export const revalidate = 60;

// Rendered on the first visit, then served from the ISR cache.
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ lang: string; id: string }> };

async function load(params: Props['params']) {
  const { id } = await params;
  return /^\d{1,18}$/.test(id) ? publicApi.getPart(Number(id)) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  const part = await load(params);
  if (!part) return { title: t.common.notFoundTitle };
  return {
    title: `${part.name} — ${formatKes(part.price)}`,
    description: `${part.name}, ${part.vendor_company_name}. ${part.compatibility.map((fit) => fitmentText(fit, t.parts.allModels)).join('; ')}`.slice(0, 160),
    alternates: alternates(`/parts/${part.id}`, locale),
  };
}

export default async function PartPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const part = await load(params);
  if (!part) notFound();
  const href = (path: string) => localePath(path, locale);
  const loginHref = `${href('/login')}?next=${encodeURIComponent(href(`/parts/${part.id}`))}`;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <p>
        <Link href={href('/parts')} className="text-brand-700 underline">{t.parts.title}</Link>
      </p>
      {part.image_urls.length ? <CarGallery images={part.image_urls} title={part.name} t={t} /> : null}
      <div className="card p-6">
        <h1 className="text-3xl font-extrabold">{part.name}</h1>
        <p className="mt-2 text-3xl font-bold text-brand-800">{formatKes(part.price)}</p>
        <dl className="mt-4 grid gap-2 sm:grid-cols-2">
          <div><dt className="text-sm text-stone-700">{t.parts.vendor}</dt><dd className="font-semibold">{part.vendor_company_name}</dd></div>
          <div><dt className="text-sm text-stone-700">{t.parts.sku}</dt><dd className="font-semibold">{part.sku}</dd></div>
          <div><dt className="text-sm text-stone-700">{t.parts.stock}</dt><dd className="font-semibold">{part.stock > 0 ? fill(t.parts.inStock, { count: part.stock }) : t.parts.outOfStock}</dd></div>
        </dl>
        {part.compatibility.length ? (
          <>
            <h2 className="mt-4 font-bold">{t.parts.fits}</h2>
            <ul className="mt-1 list-disc pl-5">
              {part.compatibility.map((fit) => {
                const text = fitmentText(fit, t.parts.allModels);
                return <li key={text}>{text}</li>;
              })}
            </ul>
          </>
        ) : null}
        <div className="mt-6">
          <BuyPart
            partId={part.id}
            stock={part.stock}
            loginHref={loginHref}
            checkoutBase={href('/checkout')}
            labels={{ quantity: t.parts.quantity, buy: t.parts.buy, buying: t.parts.buying, signInToBuy: t.parts.signInToBuy, outOfStock: t.parts.outOfStock }}
          />
        </div>
      </div>
      <AskVendor partId={part.id} loginHref={loginHref} labels={{ ...t.parts, signIn: t.nav.signIn }} />
    </div>
  );
}
