import type { Metadata } from 'next';

import { MyCar } from '@/components/parts/MyCar';
import { PartCard } from '@/components/parts/PartCard';
import { Pagination } from '@/components/ui/Pagination';
import { publicApi } from '@/lib/api/server';
import { localePath } from '@/lib/i18n/config';
import { alternates, pageLocale } from '@/lib/i18n/page';
import { compatibilityFilter, parsePartFilters } from '@/lib/parts';
import type { SearchParams } from '@/lib/search';

// Per request: the query string holds the filters.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ lang: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  return { title: t.parts.title, description: t.parts.lead, alternates: alternates('/parts', locale) };
}

export default async function PartsPage({ params, searchParams }: Props) {
  const { locale, t } = await pageLocale(params);
  const filters = parsePartFilters(await searchParams);
  const base = localePath('/parts', locale);
  const result = await publicApi.listParts({
    name: filters.name,
    compatibility: compatibilityFilter(filters),
    page: filters.page,
    limit: 24,
  });
  const current = filters.make ? { make: filters.make, model: filters.model, year: filters.year } : null;
  const hrefFor = (page: number) => {
    const query = new URLSearchParams(
      Object.entries({ ...filters, page }).filter(([, value]) => value !== undefined && value !== '').map(([k, v]) => [k, String(v)]),
    );
    return `${base}?${query.toString()}`;
  };
  const input = 'input';
  return (
    <>
      <h1 className="text-3xl font-extrabold">{t.parts.title}</h1>
      <p className="mb-4 mt-2 text-stone-700">{t.parts.lead}</p>
      <form action={base} method="get" role="search" aria-label={t.parts.search} className="card grid grid-cols-2 gap-3 p-4 md:grid-cols-5">
        <div>
          <label htmlFor="p-make" className="mb-1 block text-sm font-semibold">{t.parts.make}</label>
          <input id="p-make" name="make" defaultValue={filters.make} className={input} />
        </div>
        <div>
          <label htmlFor="p-model" className="mb-1 block text-sm font-semibold">{t.parts.model}</label>
          <input id="p-model" name="model" defaultValue={filters.model} className={input} />
        </div>
        <div>
          <label htmlFor="p-year" className="mb-1 block text-sm font-semibold">{t.parts.year}</label>
          <input id="p-year" name="year" type="number" min={1950} max={2100} defaultValue={filters.year} className={input} />
        </div>
        <div>
          <label htmlFor="p-name" className="mb-1 block text-sm font-semibold">{t.parts.name}</label>
          <input id="p-name" name="name" type="search" defaultValue={filters.name} className={input} />
        </div>
        <div className="col-span-2 flex items-end md:col-span-1">
          <button type="submit" className="btn-primary w-full">{t.parts.search}</button>
        </div>
      </form>
      <h2 className="sr-only">{t.parts.title}</h2>
      <div className="my-4">
        <MyCar base={base} current={current} labels={t.parts} />
      </div>
      {result.data.length ? (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {result.data.map((part) => <PartCard key={part.id} part={part} locale={locale} t={t} />)}
        </ul>
      ) : (
        <p className="card p-6 text-stone-700">{t.parts.none}</p>
      )}
      <Pagination info={result.pagination} t={t} hrefFor={hrefFor} />
    </>
  );
}
