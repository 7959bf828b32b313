import { describe, expect, it } from 'vitest';

import { ApiError, fieldKey } from '@/lib/api/errors';
import type { CostBreakdown } from '@/lib/api/types';
import { latestPayment, paymentStage } from '@/lib/checkout';
import { crspLabel, moneyGroups } from '@/lib/imports';
import { safeNext } from '@/lib/next-path';
import { previewFrameAncestors, previewPath } from '@/lib/preview';
import { routesFor, secretMatches } from '@/lib/revalidate';
import { carJsonLd, jsonLdScript } from '@/lib/seo';
import { carInputFrom } from '@/components/sell/SellForm';
import { specsFrom } from '@/components/imports/ImportForm';

describe('API errors on form fields', () => {
  it('maps dotted snake_case paths to the form names', () => {
    expect(fieldKey('specs.origin_country')).toBe('originCountry');
    expect(fieldKey('mileage_km')).toBe('mileageKm');
    expect(fieldKey('images.2')).toBe('images');
    const error = new ApiError({ status: 422, errors: [{ field: 'title', message: 'too short' }, { field: 'title', message: 'second' }] });
    expect(error.fieldErrors()).toEqual({ title: 'too short' });
  });
});

describe('checkout stages', () => {
  const payment = (id: number, status: 'initiated' | 'succeeded' | 'failed') => ({ id, status }) as never;
  it('follows the order first, then its latest payment', () => {
    expect(paymentStage({ status: 'paid' }, null)).toBe('paid');
    expect(paymentStage({ status: 'expired' }, null)).toBe('expired');
    expect(paymentStage({ status: 'pending' }, null)).toBe('choose');
    expect(paymentStage({ status: 'pending' }, payment(1, 'initiated'))).toBe('waiting');
    expect(paymentStage({ status: 'pending' }, payment(1, 'succeeded'))).toBe('waiting');
    expect(paymentStage({ status: 'pending' }, payment(1, 'failed'))).toBe('failed');
    expect(paymentStage({ status: 'pending' }, payment(1, 'failed'), { retrying: true })).toBe('choose');
  });
  it('takes the newest payment', () => {
    expect(latestPayment([payment(3, 'failed'), payment(7, 'initiated'), payment(5, 'failed')])?.id).toBe(7);
    expect(latestPayment([])).toBeNull();
  });
});

describe('where the money goes', () => {
  const lines = [
    { code: 'vehicle_price', label: 'Vehicle', amount: '1000000.00' },
    { code: 'freight', label: 'Freight', amount: '150000.00' },
    { code: 'customs_value', label: 'CIF', amount: '1160000.00', is_subtotal: true },
    { code: 'import_duty', label: 'Duty', amount: '406000.00' },
    { code: 'vat', label: 'VAT', amount: '300000.00' },
    { code: 'port_charges', label: 'Port', amount: '50000.00' },
    { code: 'registration', label: 'NTSA', amount: '40000.00' },
  ];
  it('sums lines by group, leaving the customs value out', () => {
    expect(moneyGroups({ lines } as CostBreakdown)).toEqual([
      { key: 'abroad', amount: 1_150_000 },
      { key: 'taxes', amount: 706_000 },
      { key: 'port', amount: 50_000 },
      { key: 'registration', amount: 40_000 },
    ]);
  });
  it('puts the CRSP breakdown in the same groups, leaving its valuation out', () => {
    const crsp = [
      { code: 'crsp', label: 'CRSP', group: 'valuation', amount: '1000000.00', is_subtotal: true },
      { code: 'customs_value', label: 'Customs value', group: 'valuation', amount: '425713.07', is_subtotal: true },
      { code: 'import_duty', label: 'Duty', group: 'tax', amount: '148999.57' },
      { code: 'vehicle_price', label: 'Price', group: 'abroad', amount: '800000.00' },
      { code: 'kpa_charges', label: 'KPA', group: 'official_fee', amount: '20000.00' },
      { code: 'cfs_delivery_order', label: 'CFS', group: 'agent', amount: '25000.00' },
      { code: 'clearing_fee', label: 'Agent', group: 'agent', amount: '30000.00' },
    ];
    expect(moneyGroups({ lines: crsp } as CostBreakdown)).toEqual([
      { key: 'abroad', amount: 800_000 },
      { key: 'taxes', amount: 148_999.57 },
      { key: 'port', amount: 45_000 },
      { key: 'clearing', amount: 30_000 },
    ]);
  });
  it("uses the API's groups when it sends them", () => {
    const breakdown = { lines, groups: [{ key: 'clearing', label: 'Clearing', amount: '35000.00' }, { key: 'taxes', label: 'Taxes', amount: '1.00' }] };
    expect(moneyGroups(breakdown as CostBreakdown)).toEqual([
      { key: 'taxes', amount: 1 },
      { key: 'clearing', amount: 35_000 },
    ]);
  });
  it('offers CRSP rows by model, engine and fuel', () => {
    expect(crspLabel({ model: 'Fielder', engine_cc: 1500, fuel: 'petrol' })).toBe('Fielder, 1500 cc, petrol');
  });
});

describe('forms into API bodies', () => {
  it('leaves optional car fields out when empty', () => {
    const data = new FormData();
    Object.entries({ title: ' Mazda Demio ', make: 'Mazda', model: 'Demio', year: '2018', price: '980,000', mileageKm: '', fuel: '' }).forEach(([k, v]) => data.set(k, v));
    expect(carInputFrom(data, ['cars/1/a.png'])).toEqual({ title: 'Mazda Demio', make: 'Mazda', model: 'Demio', year: 2018, price: 980000, images: ['cars/1/a.png'] });
  });
  it('sends the CRSP row when one was picked, the names otherwise', () => {
    const data = new FormData();
    Object.entries({ make: 'Toyota', model: 'Harrier', year: '2021', originCountry: 'Japan', budget: '2,500,000' }).forEach(([k, v]) => data.set(k, v));
    expect(specsFrom(data, null)).toEqual({ make: 'Toyota', model: 'Harrier', year: 2021, originCountry: 'Japan', budget: 2_500_000 });
    const row = { id: 42, make: 'Toyota', model: 'Harrier', engine_cc: 2000, fuel: 'petrol', body_type: null, transmission: null, drive: null, seating: null, crsp: '6000000' };
    expect(specsFrom(data, row)).toEqual({ crspId: 42, year: 2021, originCountry: 'Japan', budget: 2_500_000 });
  });
});

describe('endpoints for the sidecar and Strapi', () => {
  it('compares secrets and refuses a missing one', () => {
    expect(secretMatches('s3cret', 's3cret')).toBe(true);
    expect(secretMatches('s3cret', 's3cre')).toBe(false);
    expect(secretMatches(null, 'anything')).toBe(false);
    expect(secretMatches('s3cret', null)).toBe(false);
  });
  it('turns the revalidation paths into routes, once each', () => {
    expect(routesFor(['/', '/cars', '/sw', '/sw/articles/x', '/cars'])).toEqual(['/en', '/en/cars', '/sw', '/sw/articles/x']);
    expect(routesFor('not a list')).toBeNull();
    expect(routesFor(['relative'])).toBeNull();
  });
  it('sends the preview to the page of the document', () => {
    expect(previewPath('api::article.article', 'import-guide', 'sw')).toBe('/sw/articles/import-guide');
    expect(previewPath('api::page.page', 'about', 'en')).toBe('/about');
    expect(previewPath('api::banner.banner', null, 'sw')).toBe('/sw');
    expect(previewPath('api::page.page', '../admin', 'en')).toBeNull();
    expect(previewPath('api::faq.faq', 'x', 'en')).toBeNull();
  });
  it("lets Strapi's admin frame previews, and nobody else", () => {
    expect(previewFrameAncestors('https://cms.gurumisha.co.ke/admin', 'http://strapi:1337')).toBe(
      "frame-ancestors 'self' https://cms.gurumisha.co.ke",
    );
    expect(previewFrameAncestors(undefined, 'http://127.0.0.1:1337/')).toBe("frame-ancestors 'self' http://127.0.0.1:1337");
    expect(previewFrameAncestors('not a url', undefined)).toBe("frame-ancestors 'self'");
    expect(previewFrameAncestors("javascript:alert(1)", undefined)).toBe("frame-ancestors 'self'");
    expect(previewFrameAncestors(undefined, undefined)).toBe("frame-ancestors 'self'");
  });
  it('follows ?next= only to local paths', () => {
    expect(safeNext('/sell', '/account')).toBe('/sell');
    expect(safeNext('//evil.example', '/account')).toBe('/account');
    expect(safeNext('https://evil.example', '/account')).toBe('/account');
    expect(safeNext(null, '/account')).toBe('/account');
  });
});

describe('structured data', () => {
  const car = {
    id: 1, owner_id: 2, title: 'Toyota Fielder 2017', make: 'Toyota', model: 'Fielder', year: 2017, price: '1650000.00',
    mileage_km: 78000, description: 'Clean </script><script>alert(1)</script>', images: [], image_urls: ['https://x/a.jpg'],
    status: 'reserved' as const, rejection_reason: null, catalogue_unknown: false, fuel: 'hybrid' as const,
    created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
  };
  it('describes the car as schema.org Car with a KES offer', () => {
    const data = carJsonLd(car, 'https://gurumisha.co.ke/cars/1') as Record<string, unknown>;
    expect(data['@type']).toBe('Car');
    expect(data.offers).toMatchObject({ price: '1650000.00', priceCurrency: 'KES', availability: 'https://schema.org/LimitedAvailability' });
    expect(data.mileageFromOdometer).toEqual({ '@type': 'QuantitativeValue', value: 78000, unitCode: 'KMT' });
    expect(data.fuelType).toBe('Hybrid');
  });
  it('cannot close its script tag', () => {
    expect(jsonLdScript(carJsonLd(car, 'u'))).not.toContain('</script>');
  });
});
