import { describe, expect, it } from 'vitest';

import { localePath, routePath, splitLocale, switchLocalePath } from '@/lib/i18n/config';
import { fill, getMessages } from '@/lib/i18n/dictionary';
import en from '@/lib/i18n/messages/en';
import sw from '@/lib/i18n/messages/sw';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('paths', () => {
  it('puts Swahili under /sw and English at the root', () => {
    expect(localePath('/cars', 'en')).toBe('/cars');
    expect(localePath('/cars', 'sw')).toBe('/sw/cars');
    expect(localePath('/', 'sw')).toBe('/sw');
    expect(splitLocale('/sw/cars/12')).toEqual({ locale: 'sw', path: '/cars/12' });
    expect(splitLocale('/swahili-guide')).toEqual({ locale: 'en', path: '/swahili-guide' });
  });
  it('switches the same page between languages', () => {
    expect(switchLocalePath('/cars/3', 'sw')).toBe('/sw/cars/3');
    expect(switchLocalePath('/sw', 'en')).toBe('/');
  });
  it('names the app/[lang] route of a public path (what revalidatePath needs)', () => {
    expect(routePath('/')).toBe('/en');
    expect(routePath('/articles/a')).toBe('/en/articles/a');
    expect(routePath('/sw')).toBe('/sw');
    expect(routePath('/sw/help')).toBe('/sw/help');
  });
});

describe('catalogues', () => {
  it('have the same keys in English and Swahili, none empty', () => {
    expect(keys(sw).sort()).toEqual(keys(en).sort());
    for (const catalogue of [en, sw]) {
      for (const key of keys(catalogue)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogue);
        expect(value, key).not.toBe('');
      }
    }
  });
  it('keep the accessible names the journeys rely on', () => {
    const t = getMessages('en');
    expect([t.auth.email, t.auth.password, t.auth.fullName, t.auth.signIn, t.auth.createAccount]).toEqual([
      'Email',
      'Password',
      'Full name',
      'Sign in',
      'Create account',
    ]);
    expect([t.search.make, t.search.minPrice, t.search.maxPrice, t.search.submit]).toEqual(['Make', 'Min price', 'Max price', 'Search']);
    expect([t.sell.titleField, t.sell.make, t.sell.model, t.sell.year, t.sell.price, t.sell.mileage, t.sell.photos, t.sell.submit]).toEqual([
      'Title',
      'Make',
      'Model',
      'Year',
      'Price',
      'Mileage (km)',
      'Photos',
      'Submit listing',
    ]);
    expect([t.imports.make, t.imports.model, t.imports.year, t.imports.origin, t.imports.budget, t.imports.estimate, t.imports.request]).toEqual([
      'Make',
      'Model',
      'Year',
      'Origin country',
      'Budget (KES)',
      'Estimate',
      'Request this import',
    ]);
    expect([t.parts.buy, t.checkout.phone, t.checkout.pay, t.checkout.paid]).toEqual(['Buy', 'M-Pesa phone number', 'Pay', 'Paid']);
  });
  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('Page {page} of {pages}', { page: 2, pages: 5 })).toBe('Page 2 of 5');
    expect(fill('Hello {name}', {})).toBe('Hello {name}');
  });
});
