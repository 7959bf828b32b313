/** The site's languages: English unprefixed (/cars), Swahili under /sw (/sw/cars). */
export const LOCALES = ['en', 'sw'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: string | undefined | null): value is Locale {
  return value === 'en' || value === 'sw';
}

/** The public URL path of an app path in a language: ("/cars", "sw") -> "/sw/cars". */
export function localePath(path: string, locale: Locale): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  if (locale === DEFAULT_LOCALE) return clean;
  return clean === '/' ? `/${locale}` : `/${locale}${clean}`;
}

/** Splits a public path into its language and the path without the prefix. */
export function splitLocale(pathname: string): { locale: Locale; path: string } {
  const match = /^\/(sw)(\/.*)?$/.exec(pathname);
  if (match) return { locale: 'sw', path: match[2] || '/' };
  return { locale: DEFAULT_LOCALE, path: pathname || '/' };
}

/** The same page in another language (the language switch). */
export function switchLocalePath(pathname: string, target: Locale): string {
  return localePath(splitLocale(pathname).path, target);
}

/**
 * The route path Next.js renders for a public path: every page lives under
 * app/[lang], so "/cars" is "/en/cars" and "/sw/cars" stays. revalidatePath
 * needs this form (it works on routes, not on rewritten URLs).
 */
export function routePath(publicPath: string): string {
  const { locale, path } = splitLocale(publicPath);
  return path === '/' ? `/${locale}` : `/${locale}${path}`;
}
