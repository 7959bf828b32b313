import { notFound } from 'next/navigation';

import { type Locale, isLocale, localePath } from './config';
import { type Messages, getMessages } from './dictionary';

/** The language of a route under app/[lang] and its messages; 404 for anything else. */
export async function pageLocale(params: Promise<{ lang: string }>): Promise<{ locale: Locale; t: Messages }> {
  const { lang } = await params;
  if (!isLocale(lang)) notFound();
  return { locale: lang, t: getMessages(lang) };
}

/** Canonical and hreflang alternates of one page (path without the language prefix). */
export function alternates(path: string, locale: Locale) {
  return {
    canonical: localePath(path, locale),
    languages: { en: localePath(path, 'en'), sw: localePath(path, 'sw'), 'x-default': localePath(path, 'en') },
  };
}
