/** The parts search's URL and "my car" (make, model, year) remembered in the browser. */
import type { Fitment } from '@/lib/api/types';
import type { SearchParams } from '@/lib/search';

export interface MyCar {
  make: string;
  model?: string;
  year?: number;
}

function first(value: string | string[] | undefined): string | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text.slice(0, 80) : undefined;
}

export function parsePartFilters(params: SearchParams) {
  const yearText = first(params.year);
  const year = yearText && /^\d{4}$/.test(yearText) ? Number(yearText) : undefined;
  const pageText = first(params.page);
  return {
    make: first(params.make),
    model: first(params.model),
    year,
    name: first(params.name),
    page: pageText && /^\d{1,4}$/.test(pageText) ? Math.max(1, Number(pageText)) : undefined,
  };
}

/** The API's compatibility filter: make, make:model or make:model:year (colons removed from names). */
export function compatibilityFilter(car: { make?: string; model?: string; year?: number }): string | undefined {
  if (!car.make) return undefined;
  const clean = (text: string) => text.replace(/:/g, ' ').trim();
  const parts = [clean(car.make)];
  if (car.model) parts.push(clean(car.model));
  if (car.model && car.year) parts.push(String(car.year));
  return parts.join(':');
}

/** "Toyota Fielder 2016 – 2019" style text of one fitment row. */
export function fitmentText(fitment: Fitment, allModels: string): string {
  const years = fitment.years?.length
    ? fitment.years.length > 2 && fitment.years.every((year, i, list) => i === 0 || year === (list[i - 1] ?? 0) + 1)
      ? `${fitment.years[0]}–${fitment.years[fitment.years.length - 1]}`
      : fitment.years.join(', ')
    : '';
  return [fitment.make, fitment.model ?? allModels, years].filter(Boolean).join(' ');
}

export const MY_CAR_KEY = 'gm_my_car';

export function readMyCar(storage: Pick<Storage, 'getItem'>): MyCar | null {
  try {
    const value = JSON.parse(storage.getItem(MY_CAR_KEY) ?? 'null') as MyCar | null;
    return value && typeof value.make === 'string' && value.make ? value : null;
  } catch {
    return null;
  }
}

export function myCarText(car: MyCar): string {
  return [car.make, car.model, car.year].filter(Boolean).join(' ');
}
