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
