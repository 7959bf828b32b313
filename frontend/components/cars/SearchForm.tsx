import type { CarFilters } from '@/lib/api/types';
import { FUELS } from '@/lib/api/types';
import type { Messages } from '@/lib/i18n/dictionary';

/**
 * The car search: a plain GET form, so the URL holds the filters and it works
 * before (or without) JavaScript.
 */
export function SearchForm({
  action,
  filters,
  makes,
  t,
}: {
  action: string;
  filters: CarFilters;
  makes: string[];
  t: Messages;
}) {
  const s = t.search;
  const input = 'input';
  return (
    <form action={action} method="get" role="search" aria-label={s.filters} className="card grid grid-cols-2 gap-3 p-4 md:grid-cols-4">
      <div className="col-span-2 md:col-span-1">
        <label htmlFor="f-make" className="mb-1 block text-sm font-semibold">{s.make}</label>
        <input id="f-make" name="make" list="f-makes" defaultValue={filters.make} className={input} autoComplete="off" />
        <datalist id="f-makes">
          {makes.map((make) => (
            <option key={make} value={make} />
          ))}
        </datalist>
      </div>
      <div className="col-span-2 md:col-span-1">
        <label htmlFor="f-model" className="mb-1 block text-sm font-semibold">{s.model}</label>
        <input id="f-model" name="model" defaultValue={filters.model} className={input} autoComplete="off" />
      </div>
      <div>
        <label htmlFor="f-min-price" className="mb-1 block text-sm font-semibold">{s.minPrice}</label>
        <input id="f-min-price" name="minPrice" inputMode="numeric" pattern="[0-9, ]*" defaultValue={filters.minPrice} className={input} placeholder="KES" />
      </div>
      <div>
        <label htmlFor="f-max-price" className="mb-1 block text-sm font-semibold">{s.maxPrice}</label>
        <input id="f-max-price" name="maxPrice" inputMode="numeric" pattern="[0-9, ]*" defaultValue={filters.maxPrice} className={input} placeholder="KES" />
      </div>
      <div>
        <label htmlFor="f-min-year" className="mb-1 block text-sm font-semibold">{s.minYear}</label>
        <input id="f-min-year" name="minYear" type="number" min={1950} max={2100} defaultValue={filters.minYear} className={input} />
      </div>
      <div>
        <label htmlFor="f-max-year" className="mb-1 block text-sm font-semibold">{s.maxYear}</label>
        <input id="f-max-year" name="maxYear" type="number" min={1950} max={2100} defaultValue={filters.maxYear} className={input} />
      </div>
      <div>
        <label htmlFor="f-fuel" className="mb-1 block text-sm font-semibold">{s.fuel}</label>
        <select id="f-fuel" name="fuel" defaultValue={filters.fuel ?? ''} className={input}>
          <option value="">{s.anyFuel}</option>
          {FUELS.map((fuel) => (
            <option key={fuel} value={fuel}>{t.fuel[fuel]}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-max-mileage" className="mb-1 block text-sm font-semibold">{s.maxMileage}</label>
        <input id="f-max-mileage" name="maxMileage" inputMode="numeric" pattern="[0-9, ]*" defaultValue={filters.maxMileage} className={input} />
      </div>
      <div className="col-span-2 md:col-span-2">
        <label htmlFor="f-q" className="mb-1 block text-sm font-semibold">{s.keywords}</label>
        <input id="f-q" name="q" type="search" defaultValue={filters.q} className={input} />
      </div>
      <div>
        <label htmlFor="f-sort" className="mb-1 block text-sm font-semibold">{s.sort}</label>
        <select id="f-sort" name="sort" defaultValue={filters.sort ?? ''} className={input}>
          <option value="">{s.sortNewest}</option>
          <option value="price">{s.sortPriceAsc}</option>
          <option value="-price">{s.sortPriceDesc}</option>
          <option value="-year">{s.sortYearDesc}</option>
          <option value="year">{s.sortYear}</option>
        </select>
      </div>
      <div className="flex items-end gap-2">
        <button type="submit" className="btn-primary w-full">{s.submit}</button>
      </div>
    </form>
  );
}
