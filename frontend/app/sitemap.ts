import type { MetadataRoute } from 'next';

import { publicApi } from '@/lib/api/server';
import { cms } from '@/lib/cms/strapi';
import { settings } from '@/lib/config';
import { LOCALES, localePath } from '@/lib/i18n/config';

// Per request (cached briefly by the data fetches): nothing is fetched at build time.
export const dynamic = 'force-dynamic';

const STATIC_PATHS = ['/', '/cars', '/parts', '/imports/new', '/sell', '/articles', '/help'];

/** Every public page in both languages, with hreflang alternates. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = settings.siteUrl;
  const entry = (path: string, lastModified?: string): MetadataRoute.Sitemap[number] => ({
    url: `${base}${localePath(path, 'en')}`,
    lastModified,
    alternates: { languages: Object.fromEntries(LOCALES.map((locale) => [locale, `${base}${localePath(path, locale)}`])) },
  });
  const [cars, articles, pages, makes] = await Promise.all([
    publicApi.listCars({ limit: 100 }).catch(() => null),
    cms.articles('en', 100),
    cms.pages('en'),
    cms.makes(),
  ]);
  return [
    ...STATIC_PATHS.map((path) => entry(path)),
    ...(cars?.data ?? []).map((car) => entry(`/cars/${car.id}`, car.updated_at)),
    ...articles.map((article) => entry(`/articles/${article.slug}`, article.updatedAt ?? article.publishedAt ?? undefined)),
    ...pages.map((page) => entry(`/${page.slug}`, page.updatedAt ?? undefined)),
    ...makes.map((make) => entry(`/makes/${make.slug}`)),
  ];
}
