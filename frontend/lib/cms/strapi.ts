import 'server-only';

import { draftMode } from 'next/headers';

import { settings } from '@/lib/config';
import type { Locale } from '@/lib/i18n/config';

/**
 * Editorial content from Strapi's REST API (Strapi 5: flat documents). Public reads
 * use the Public role's find/findOne (granted by strapi-config's bootstrap) and are
 * cached under the `cms` tag, which /api/revalidate expires when the sidecar says
 * content changed. In draft mode (Strapi's preview button) drafts are read with
 * STRAPI_PREVIEW_TOKEN and nothing is cached. Strapi absent or failing: empty
 * sections, never a broken page.
 */

export const CMS_TAG = 'cms';
const CMS_SECONDS = 300;

export interface Media {
  url: string;
  alternativeText?: string | null;
  width?: number | null;
  height?: number | null;
}

export interface Seo {
  metaTitle?: string | null;
  metaDescription?: string | null;
  shareImage?: Media | null;
  noIndex?: boolean | null;
}

export interface Article {
  documentId: string;
  title: string;
  slug: string;
  excerpt?: string | null;
  body?: string | null;
  cover?: Media | null;
  publishedAt?: string | null;
  updatedAt?: string | null;
  seo?: Seo | null;
}

export interface CmsPage {
  documentId: string;
  title: string;
  slug: string;
  body?: string | null;
  seo?: Seo | null;
  updatedAt?: string | null;
}

export interface Faq {
  documentId: string;
  question: string;
  answer?: string | null;
  category: string;
  order?: number | null;
}

export interface Banner {
  documentId: string;
  title: string;
  link?: string | null;
  image?: Media | null;
  active?: boolean | null;
  starts_at?: string | null;
  ends_at?: string | null;
}

export interface VehicleMake {
  documentId: string;
  name: string;
  slug: string;
  country?: string | null;
}

interface StrapiList<T> {
  data: T[];
}

async function isPreview(): Promise<boolean> {
  try {
    return (await draftMode()).isEnabled;
  } catch {
    return false; // outside a request (build time)
  }
}

async function list<T>(plural: string, query: URLSearchParams): Promise<T[]> {
  const base = settings.strapiUrl;
  if (!base) return [];
  const preview = await isPreview();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (preview) {
    query.set('status', 'draft');
    if (settings.strapiPreviewToken) {
      headers.authorization = `Bearer ${settings.strapiPreviewToken}`;
    }
  }
  try {
    const response = await fetch(`${base}/api/${plural}?${query.toString()}`, {
      headers,
      ...(preview
        ? { cache: 'no-store' as const }
        : { next: { revalidate: CMS_SECONDS, tags: [CMS_TAG, `cms:${plural}`] } }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) return [];
    const body = (await response.json()) as StrapiList<T>;
    return Array.isArray(body.data) ? body.data : [];
  } catch {
    return [];
  }
}

function params(locale: Locale, extra: Record<string, string>): URLSearchParams {
  const query = new URLSearchParams({ locale, ...extra });
  return query;
}

/** An absolute URL for a Strapi upload (local uploads are relative to Strapi). */
export function mediaUrl(media: Media | null | undefined): string | null {
  if (!media?.url) return null;
  if (/^https?:\/\//.test(media.url)) return media.url;
  return settings.strapiUrl ? `${settings.strapiUrl}${media.url}` : null;
}

export const cms = {
  articles(locale: Locale, limit = 12): Promise<Article[]> {
    return list<Article>(
      'articles',
      params(locale, {
        'sort[0]': 'publishedAt:desc',
        'pagination[pageSize]': String(limit),
        'fields[0]': 'title',
        'fields[1]': 'slug',
        'fields[2]': 'excerpt',
        'fields[3]': 'publishedAt',
        'populate[cover][fields][0]': 'url',
        'populate[cover][fields][1]': 'alternativeText',
      }),
    );
  },

  async article(locale: Locale, slug: string): Promise<Article | null> {
    const found = await list<Article>(
      'articles',
      params(locale, {
        'filters[slug][$eq]': slug,
        'populate[cover][fields][0]': 'url',
        'populate[cover][fields][1]': 'alternativeText',
        'populate[seo][populate]': 'shareImage',
      }),
    );
    return found[0] ?? null;
  },

  async page(locale: Locale, slug: string): Promise<CmsPage | null> {
    const found = await list<CmsPage>(
      'pages',
      params(locale, { 'filters[slug][$eq]': slug, 'populate[seo][populate]': 'shareImage' }),
    );
    return found[0] ?? null;
  },

  pages(locale: Locale): Promise<CmsPage[]> {
    return list<CmsPage>(
      'pages',
      params(locale, {
        'pagination[pageSize]': '50',
        'fields[0]': 'title',
        'fields[1]': 'slug',
        'fields[2]': 'updatedAt',
      }),
    );
  },

  faqs(locale: Locale): Promise<Faq[]> {
    return list<Faq>(
      'faqs',
      params(locale, { 'sort[0]': 'category:asc', 'sort[1]': 'order:asc', 'pagination[pageSize]': '100' }),
    );
  },

  /** Banners showing now (active, between their dates). */
  async banners(locale: Locale): Promise<Banner[]> {
    const all = await list<Banner>(
      'banners',
      params(locale, { 'filters[active][$eq]': 'true', 'populate[image][fields][0]': 'url', 'populate[image][fields][1]': 'alternativeText' }),
    );
    const now = Date.now();
    return all.filter(
      (banner) =>
        (!banner.starts_at || Date.parse(banner.starts_at) <= now) &&
        (!banner.ends_at || Date.parse(banner.ends_at) > now),
    );
  },

  makes(): Promise<VehicleMake[]> {
    return list<VehicleMake>(
      'vehicle-makes',
      new URLSearchParams({ 'sort[0]': 'name:asc', 'pagination[pageSize]': '100', 'fields[0]': 'name', 'fields[1]': 'slug', 'fields[2]': 'country' }),
    );
  },

  async make(slug: string): Promise<VehicleMake | null> {
    const found = await list<VehicleMake>(
      'vehicle-makes',
      new URLSearchParams({ 'filters[slug][$eq]': slug }),
    );
    return found[0] ?? null;
  },
};
