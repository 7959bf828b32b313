/**
 * The car search's URL: the query string holds every filter (shareable, the back
 * button works), parsed leniently (a bad value is ignored, never a 500).
 */
import { CAR_SORTS, FUELS, type CarFilters, type CarSort, type Fuel } from '@/lib/api/types';

export type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

function whole(value: string | string[] | undefined, min: number, max: number): number | undefined {
  const text = first(value)?.replace(/[,\s]/g, '');
  if (!text || !/^\d+$/.test(text)) return undefined;
  const number = Number(text);
  return number >= min && number <= max ? number : undefined;
}

const MAX_PRICE = 999_999_999_999;

export function parseCarFilters(params: SearchParams): CarFilters {
  const fuel = first(params.fuel);
  const sort = first(params.sort);
  const filters: CarFilters = {
    make: first(params.make)?.slice(0, 80),
    model: first(params.model)?.slice(0, 80),
    minYear: whole(params.minYear, 1950, 2100),
    maxYear: whole(params.maxYear, 1950, 2100),
    minPrice: whole(params.minPrice, 0, MAX_PRICE),
    maxPrice: whole(params.maxPrice, 0, MAX_PRICE),
    fuel: FUELS.includes(fuel as Fuel) ? (fuel as Fuel) : undefined,
    maxMileage: whole(params.maxMileage, 0, 3_000_000),
    q: first(params.q)?.slice(0, 100),
    sort: CAR_SORTS.includes(sort as CarSort) ? (sort as CarSort) : undefined,
    page: whole(params.page, 1, 10_000),
  };
  // A reversed range would be refused by the API: swap it, as the user meant.
  if (filters.minPrice !== undefined && filters.maxPrice !== undefined && filters.minPrice > filters.maxPrice) {
    [filters.minPrice, filters.maxPrice] = [filters.maxPrice, filters.minPrice];
  }
  if (filters.minYear !== undefined && filters.maxYear !== undefined && filters.minYear > filters.maxYear) {
    [filters.minYear, filters.maxYear] = [filters.maxYear, filters.minYear];
  }
  return filters;
}

/** The query string of the search page for these filters (empty values left out). */
export function searchHref(base: string, filters: CarFilters): string {
  const query = new URLSearchParams();
  const entries: [string, string | number | undefined][] = [
    ['make', filters.make],
    ['model', filters.model],
    ['minYear', filters.minYear],
    ['maxYear', filters.maxYear],
    ['minPrice', filters.minPrice],
    ['maxPrice', filters.maxPrice],
    ['fuel', filters.fuel],
    ['maxMileage', filters.maxMileage],
    ['q', filters.q],
    ['sort', filters.sort],
    ['page', filters.page && filters.page > 1 ? filters.page : undefined],
  ];
  for (const [key, value] of entries) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}

export function hasFilters(filters: CarFilters): boolean {
  return Object.entries(filters).some(([key, value]) => key !== 'page' && key !== 'sort' && value !== undefined);
}
