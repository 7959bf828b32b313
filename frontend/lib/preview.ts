/** Where Strapi's preview button lands: the page that shows the document, in its language. */
import { type Locale, isLocale, localePath } from '@/lib/i18n/config';

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

export function previewPath(uid: string | null, slug: string | null, locale: string | null): string | null {
  const lang: Locale = isLocale(locale) ? locale : 'en';
  switch (uid) {
    case 'api::banner.banner':
      return localePath('/', lang);
    case 'api::article.article':
      return slug && SLUG.test(slug) ? localePath(`/articles/${slug}`, lang) : null;
    case 'api::page.page':
      return slug && SLUG.test(slug) ? localePath(`/${slug}`, lang) : null;
    default:
      return null;
  }
}

/** Next.js's draft-mode cookie (set by `draftMode().enable()` in /api/preview). */
export const DRAFT_COOKIE = '__prerender_bypass';

/**
 * The Content-Security-Policy of the preview route and of pages in draft mode: this
 * site and Strapi's admin (STRAPI_ADMIN_URL, else STRAPI_URL) may frame them, for the
 * admin's preview panel. Every other page keeps X-Frame-Options: SAMEORIGIN
 * (next.config.ts).
 */
export function previewFrameAncestors(adminUrl: string | undefined, strapiUrl?: string): string {
  const ancestors = ["'self'"];
  for (const candidate of [adminUrl, strapiUrl]) {
    if (!candidate) continue;
    try {
      const { origin, protocol } = new URL(candidate);
      if (protocol === 'http:' || protocol === 'https:') {
        ancestors.push(origin);
        break;
      }
    } catch {
      // not a URL: the next candidate, or only this site
    }
  }
  return `frame-ancestors ${ancestors.join(' ')}`;
}
