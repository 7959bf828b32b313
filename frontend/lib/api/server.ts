import 'server-only';

import { settings } from '@/lib/config';
import { ApiError, problemOf } from './errors';
import { carsQuery, partsQuery } from './query';
import type { Car, CarDetail, CarFilters, Page, Part, PartFilters } from './types';

/**
 * Public reads for server components, cached by Next.js for `revalidate` seconds and
 * tagged so /api/revalidate can expire them. Only anonymous data goes through here:
 * private pages read through the browser client.
 */

// Car lists change as cars are approved and reserved: short-lived. A car page a
// minute. The tags let /api/revalidate expire them early.
export const CARS_TAG = 'cars';
const LIST_SECONDS = 10;
const ITEM_SECONDS = 60;

async function get<T>(
  path: string,
  cache: { revalidate: number; tags: string[] },
): Promise<T | null> {
  const response = await fetch(`${settings.apiUrl}${path}`, {
    headers: { accept: 'application/json' },
    next: cache,
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(await problemOf(response));
  return (await response.json()) as T;
}

async function getPage<T>(path: string, cache: { revalidate: number; tags: string[] }) {
  const page = await get<Page<T>>(path, cache);
  return page ?? { data: [], pagination: { page: 1, limit: 20, total: 0, pages: 0 } };
}

export const publicApi = {
  /** ``seconds``: how stale the list may be (a page's ISR period follows its shortest fetch). */
  listCars(filters: CarFilters, seconds: number = LIST_SECONDS): Promise<Page<Car>> {
    return getPage<Car>(`/v1/cars${carsQuery(filters)}`, {
      revalidate: seconds,
      tags: [CARS_TAG],
    });
  },
  getCar(id: number): Promise<CarDetail | null> {
    return get<CarDetail>(`/v1/cars/${id}`, {
      revalidate: ITEM_SECONDS,
      tags: [CARS_TAG, `car:${id}`],
    });
  },
  listParts(filters: PartFilters): Promise<Page<Part>> {
    return getPage<Part>(`/v1/parts${partsQuery(filters)}`, {
      revalidate: LIST_SECONDS,
      tags: ['parts'],
    });
  },
  getPart(id: number): Promise<Part | null> {
    return get<Part>(`/v1/parts/${id}`, { revalidate: ITEM_SECONDS, tags: ['parts', `part:${id}`] });
  },
};
