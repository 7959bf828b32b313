import type { Metadata } from 'next';
import Link from 'next/link';

import { CarGrid } from '@/components/cars/CarCard';
import { SearchForm } from '@/components/cars/SearchForm';
import { Pagination } from '@/components/ui/Pagination';
import { publicApi } from '@/lib/api/server';
import { cms } from '@/lib/cms/strapi';
import { localePath } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';
import { alternates, pageLocale } from '@/lib/i18n/page';
import { type SearchParams, hasFilters, parseCarFilters, searchHref } from '@/lib/search';

// Per request: the query string holds the filters.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ lang: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  const filters = parseCarFilters(await searchParams);
  return {
    title: filters.make ? fill(t.search.titleMake, { make: filters.make }) : t.search.title,
    alternates: alternates('/cars', locale),
    // Filtered variants are for people, not for the index: the canonical is /cars.
    robots: hasFilters(filters) || (filters.page ?? 1) > 1 ? { index: false, follow: true } : undefined,
  };
}

export default async function CarsPage({ params, searchParams }: Props) {
  const { locale, t } = await pageLocale(params);
  const filters = parseCarFilters(await searchParams);
  const base = localePath('/cars', locale);
  const [result, makes] = await Promise.all([publicApi.listCars({ ...filters, limit: 12 }), cms.makes()]);
  const { total } = result.pagination;
  return (
    <>
      <h1 className="mb-4 text-3xl font-extrabold">
        {filters.make ? fill(t.search.titleMake, { make: filters.make }) : t.search.title}
      </h1>
      <SearchForm action={base} filters={filters} makes={makes.map((make) => make.name)} t={t} />
      <div className="mb-4 mt-6 flex items-baseline justify-between gap-4">
        <h2 className="text-lg font-semibold">
          {total === 1 ? t.search.oneResult : fill(t.search.results, { count: total.toLocaleString('en-US') })}
        </h2>
        {hasFilters(filters) ? (
          <Link href={base} className="text-brand-700 underline">{t.search.reset}</Link>
        ) : null}
      </div>
      {result.data.length ? (
        <CarGrid cars={result.data} locale={locale} t={t} label={t.search.title} />
      ) : (
        <p className="card p-6 text-stone-700">{t.search.none}</p>
      )}
      <Pagination info={result.pagination} t={t} hrefFor={(page) => searchHref(base, { ...filters, page })} />
    </>
  );
}
