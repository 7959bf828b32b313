import type { Metadata } from 'next';
import Link from 'next/link';

import { CarGrid } from '@/components/cars/CarCard';
import { ArticleList } from '@/components/content/ArticleList';
import { Banners } from '@/components/content/Banners';
import { publicApi } from '@/lib/api/server';
import { cms } from '@/lib/cms/strapi';
import { localePath } from '@/lib/i18n/config';
import { alternates, pageLocale } from '@/lib/i18n/page';

export const revalidate = 60;

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  return { title: { absolute: `${t.meta.siteName} — ${t.meta.tagline}` }, alternates: alternates('/', locale) };
}

export default async function HomePage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const href = (path: string) => localePath(path, locale);
  const [cars, banners, articles] = await Promise.all([
    publicApi.listCars({ limit: 6 }, revalidate),
    cms.banners(locale),
    cms.articles(locale, 3),
  ]);
  return (
    <>
      <section className="rounded-2xl bg-brand-800 px-6 py-10 text-white sm:px-10">
        <h1 className="max-w-2xl text-3xl font-extrabold sm:text-4xl">{t.home.title}</h1>
        <p className="mt-3 max-w-2xl text-lg text-brand-50">{t.home.lead}</p>
        <form action={href('/cars')} method="get" role="search" aria-label={t.search.filters} className="mt-6 grid max-w-3xl grid-cols-2 gap-3 sm:grid-cols-4">
          <div className="col-span-2 sm:col-span-1">
            <label htmlFor="h-make" className="mb-1 block text-sm font-semibold">{t.search.make}</label>
            <input id="h-make" name="make" className="input" autoComplete="off" />
          </div>
          <div>
            <label htmlFor="h-min" className="mb-1 block text-sm font-semibold">{t.search.minPrice}</label>
            <input id="h-min" name="minPrice" inputMode="numeric" className="input" placeholder="KES" />
          </div>
          <div>
            <label htmlFor="h-max" className="mb-1 block text-sm font-semibold">{t.search.maxPrice}</label>
            <input id="h-max" name="maxPrice" inputMode="numeric" className="input" placeholder="KES" />
          </div>
          <div className="col-span-2 flex items-end sm:col-span-1">
            <button type="submit" className="btn w-full bg-accent-400 text-stone-950 hover:bg-accent-500">{t.search.submit}</button>
          </div>
        </form>
      </section>

      <Banners banners={banners} label={t.home.banners} />

      <section className="mt-10" aria-labelledby="latest">
        <div className="mb-4 flex items-baseline justify-between gap-4">
          <h2 id="latest" className="text-2xl font-bold">{t.home.latest}</h2>
          <Link href={href('/cars')} className="font-semibold text-brand-700 underline">{t.home.viewAll}</Link>
        </div>
        <CarGrid cars={cars.data} locale={locale} t={t} />
      </section>

      <section className="mt-10 grid gap-4 md:grid-cols-3">
        {[
          { title: t.home.importTitle, body: t.home.importBody, cta: t.home.importCta, path: '/imports/new' },
          { title: t.home.partsTitle, body: t.home.partsBody, cta: t.home.partsCta, path: '/parts' },
          { title: t.home.sellTitle, body: t.home.sellBody, cta: t.home.sellCta, path: '/sell' },
        ].map((block) => (
          <div key={block.path} className="card flex flex-col p-6">
            <h2 className="text-xl font-bold">{block.title}</h2>
            <p className="mt-2 flex-1 text-stone-700">{block.body}</p>
            <Link href={href(block.path)} className="btn-primary mt-4 self-start">{block.cta}</Link>
          </div>
        ))}
      </section>

      {articles.length ? (
        <section className="mt-10" aria-labelledby="guides">
          <h2 id="guides" className="mb-4 text-2xl font-bold">{t.home.guides}</h2>
          <ArticleList articles={articles} locale={locale} t={t} />
        </section>
      ) : null}
    </>
  );
}
