/** Structured data (schema.org JSON-LD) for the pages search engines list. */
import type { Car } from '@/lib/api/types';

const FUEL_TYPES: Record<string, string> = {
  petrol: 'Gasoline',
  diesel: 'Diesel',
  hybrid: 'Hybrid',
  electric: 'Electric',
};

/** A schema.org Car with its offer (price in KES, availability from the status). */
export function carJsonLd(car: Car, url: string): Record<string, unknown> {
  const availability =
    car.status === 'sold'
      ? 'https://schema.org/SoldOut'
      : car.status === 'reserved'
        ? 'https://schema.org/LimitedAvailability'
        : 'https://schema.org/InStock';
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Car',
    name: car.title,
    url,
    brand: { '@type': 'Brand', name: car.make },
    model: car.model,
    vehicleModelDate: String(car.year),
    offers: {
      '@type': 'Offer',
      price: Number(car.price).toFixed(2),
      priceCurrency: 'KES',
      availability,
      url,
      itemCondition: 'https://schema.org/UsedCondition',
    },
  };
  if (car.image_urls.length) data.image = car.image_urls;
  if (car.description) data.description = car.description;
  if (car.mileage_km !== null) {
    data.mileageFromOdometer = { '@type': 'QuantitativeValue', value: car.mileage_km, unitCode: 'KMT' };
  }
  if (car.fuel) data.fuelType = FUEL_TYPES[car.fuel] ?? car.fuel;
  if (car.transmission) data.vehicleTransmission = car.transmission;
  if (car.body_type) data.bodyType = car.body_type;
  return data;
}

/** JSON for a <script type="application/ld+json">: "<" escaped so no tag can close it. */
export function jsonLdScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
