/** The message catalogues and the one interpolation helper. */
import en, { type Messages } from './messages/en';
import sw from './messages/sw';
import type { Locale } from './config';

export type { Messages };

const CATALOGUES: Record<Locale, Messages> = { en, sw };

export function getMessages(locale: Locale): Messages {
  return CATALOGUES[locale];
}

/** Fills {name} placeholders: fill('Page {page} of {pages}', {page: 1, pages: 3}). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}
