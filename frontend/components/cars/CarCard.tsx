import Link from 'next/link';

import { CarPhoto } from '@/components/cars/CarPhoto';
import { StatusBadge } from '@/components/cars/StatusBadge';
import type { Car } from '@/lib/api/types';
import { formatKes, formatKm } from '@/lib/format';
import { type Locale, localePath } from '@/lib/i18n/config';
import type { Messages } from '@/lib/i18n/dictionary';

/** One search result: the whole card is one link named by the car's title. */
export function CarCard({ car, locale, t, priority = false }: { car: Car; locale: Locale; t: Messages; priority?: boolean }) {
  return (
    <li className="card overflow-hidden">
      <Link href={localePath(`/cars/${car.id}`, locale)} className="group block h-full">
        <div className="relative">
          <CarPhoto src={car.image_urls[0]} alt="" noPhoto={t.car.noPhoto} priority={priority} />
          {car.status !== 'active' ? (
            <span className="absolute left-2 top-2">
              <StatusBadge status={car.status} t={t} />
            </span>
          ) : null}
        </div>
        <div className="p-4">
          <h3 className="font-semibold text-stone-900 group-hover:underline">{car.title}</h3>
          <p className="mt-1 text-lg font-bold text-brand-800">{formatKes(car.price)}</p>
          <p className="mt-1 flex flex-wrap gap-x-3 text-sm text-stone-700">
            <span>{car.year}</span>
            {car.mileage_km !== null ? <span>{formatKm(car.mileage_km)}</span> : null}
            {car.fuel ? <span>{t.fuel[car.fuel]}</span> : null}
          </p>
          {car.location ? (
            <p className="mt-2 inline-block rounded bg-stone-100 px-2 py-0.5 text-sm text-stone-800">
              <span className="sr-only">{t.car.location}: </span>
              {car.location}
            </p>
          ) : null}
        </div>
      </Link>
    </li>
  );
}

export function CarGrid({ cars, locale, t, label }: { cars: Car[]; locale: Locale; t: Messages; label?: string }) {
  return (
    <ul aria-label={label} className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {cars.map((car, index) => (
        <CarCard key={car.id} car={car} locale={locale} t={t} priority={index < 2} />
      ))}
    </ul>
  );
}
