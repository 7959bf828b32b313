/** Query strings for the sidecar's list endpoints, from typed filters. */
import type { CarFilters, PartFilters } from './types';

type QueryValue = string | number | boolean | undefined | null;

export function toQuery(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function carsQuery(filters: CarFilters): string {
  return toQuery({
    make: filters.make,
    model: filters.model,
    minYear: filters.minYear,
    maxYear: filters.maxYear,
    minPrice: filters.minPrice,
    maxPrice: filters.maxPrice,
    fuel: filters.fuel,
    maxMileage: filters.maxMileage,
    q: filters.q,
    sort: filters.sort && filters.sort !== 'newest' ? filters.sort : undefined,
    page: filters.page && filters.page > 1 ? filters.page : undefined,
    limit: filters.limit,
  });
}

export function partsQuery(filters: PartFilters): string {
  return toQuery({
    name: filters.name,
    compatibility: filters.compatibility,
    page: filters.page && filters.page > 1 ? filters.page : undefined,
    limit: filters.limit,
  });
}
