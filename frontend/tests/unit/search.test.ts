import { describe, expect, it } from 'vitest';

import { carsQuery, partsQuery } from '@/lib/api/query';
import { compatibilityFilter, fitmentText, parsePartFilters, readMyCar } from '@/lib/parts';
import { hasFilters, parseCarFilters, searchHref } from '@/lib/search';

describe('the car search URL', () => {
  it('reads the filters people type, commas and all', () => {
    const filters = parseCarFilters({ make: ' Toyota ', minPrice: '1,000,000', maxPrice: '2000000', fuel: 'hybrid', sort: '-price' });
    expect(filters).toMatchObject({ make: 'Toyota', minPrice: 1_000_000, maxPrice: 2_000_000, fuel: 'hybrid', sort: '-price' });
    expect(hasFilters(filters)).toBe(true);
  });
  it('ignores what it cannot use instead of failing', () => {
    const filters = parseCarFilters({ minPrice: 'cheap', fuel: 'steam', sort: 'random', page: '0', minYear: '1800' });
    expect(filters.minPrice).toBeUndefined();
    expect(filters.fuel).toBeUndefined();
    expect(filters.sort).toBeUndefined();
    expect(filters.page).toBeUndefined();
    expect(filters.minYear).toBeUndefined();
    expect(hasFilters(filters)).toBe(false);
  });
  it('swaps a reversed range', () => {
    expect(parseCarFilters({ minPrice: '3000000', maxPrice: '1000000' })).toMatchObject({ minPrice: 1_000_000, maxPrice: 3_000_000 });
  });
  it('writes links back without empty values', () => {
    expect(searchHref('/sw/cars', { make: 'Mazda', page: 2, sort: 'price' })).toBe('/sw/cars?make=Mazda&sort=price&page=2');
    expect(searchHref('/cars', { page: 1 })).toBe('/cars');
  });
  it('asks the API with its parameter names', () => {
    expect(carsQuery({ minPrice: 900000, maxPrice: 2000000, sort: 'price', limit: 12 })).toBe('?minPrice=900000&maxPrice=2000000&sort=price&limit=12');
    expect(carsQuery({ sort: 'newest', page: 1 })).toBe('');
  });
});

describe('parts for my car', () => {
  it('builds the compatibility filter', () => {
    expect(compatibilityFilter({ make: 'Toyota', model: 'Fielder', year: 2016 })).toBe('Toyota:Fielder:2016');
    expect(compatibilityFilter({ make: 'Toyota', year: 2016 })).toBe('Toyota');
    expect(compatibilityFilter({})).toBeUndefined();
    expect(partsQuery({ name: 'brake', compatibility: 'toyota:fielder:2016' })).toBe('?name=brake&compatibility=toyota%3Afielder%3A2016');
  });
  it('parses the form', () => {
    expect(parsePartFilters({ make: 'Toyota', year: '16', page: '3' })).toEqual({ make: 'Toyota', model: undefined, year: undefined, name: undefined, page: 3 });
  });
  it('describes fitments', () => {
    expect(fitmentText({ make: 'Toyota', model: 'Fielder', years: [2015, 2016, 2017, 2018] }, 'all models')).toBe('Toyota Fielder 2015–2018');
    expect(fitmentText({ make: 'Nissan', model: null, years: null }, 'all models')).toBe('Nissan all models');
  });
  it('reads a remembered car, and nothing from junk', () => {
    expect(readMyCar({ getItem: () => '{"make":"Toyota","model":"Fielder","year":2016}' })).toEqual({ make: 'Toyota', model: 'Fielder', year: 2016 });
    expect(readMyCar({ getItem: () => 'not json' })).toBeNull();
    expect(readMyCar({ getItem: () => null })).toBeNull();
  });
});
