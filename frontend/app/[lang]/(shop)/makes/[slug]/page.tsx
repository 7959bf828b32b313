import type { Metadata } from 'next';
import Link from 'next/link';

import { CarGrid } from '@/components/cars/CarCard';
import { publicApi } from '@/lib/api/server';
import { cms } from '@/lib/cms/strapi';
import { localePath } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';
import { alternates, pageLocale } from '@/lib/i18n/page';

export const revalidate = 300;

// Rendered on the first visit, then served from the ISR cache.
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ lang: string; slug: string }> };

/** The make's name: from the CMS catalogue, else from the slug ("land-rover" -> "Land Rover"). */
async function makeName(slug: string): Promise<string> {
  const make = await cms.make(slug);
  if (make) return make.name;
  return decodeURIComponent(slug)
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  const { slug } = await params;
  const name = await makeName(slug);
  return { title: fill(t.search.titleMake, { make: name }), description: fill(t.content.makeLead, { make: name }), alternates: alternates(`/makes/${slug}`, locale) };
}

export default async function MakePage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const { slug } = await params;
  const name = await makeName(slug);
  const cars = await publicApi.listCars({ make: name, limit: 12 }, 60);
  return (
    <>
      <h1 className="text-3xl font-extrabold">{fill(t.search.titleMake, { make: name })}</h1>
      <p className="mb-6 mt-2 text-stone-700">{fill(t.content.makeLead, { make: name })}</p>
      <h2 className="sr-only">{fill(t.content.makeCars, { make: name })}</h2>
      {cars.data.length ? <CarGrid cars={cars.data} locale={locale} t={t} /> : <p className="card p-6">{t.search.none}</p>}
      <p className="mt-6">
        <Link href={`${localePath('/cars', locale)}?make=${encodeURIComponent(name)}`} className="btn-secondary">
          {fill(t.content.makeCars, { make: name })}
        </Link>
      </p>
    </>
  );
}
