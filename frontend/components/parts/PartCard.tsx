import Link from 'next/link';

import { CarPhoto } from '@/components/cars/CarPhoto';
import type { Part } from '@/lib/api/types';
import { formatKes } from '@/lib/format';
import { type Locale, localePath } from '@/lib/i18n/config';
import { fill, type Messages } from '@/lib/i18n/dictionary';
import { fitmentText } from '@/lib/parts';

export function PartCard({ part, locale, t }: { part: Part; locale: Locale; t: Messages }) {
  return (
    <li className="card">
      <Link href={localePath(`/parts/${part.id}`, locale)} className="group block p-4">
        {part.image_urls.length ? <CarPhoto src={part.image_urls[0]} alt="" noPhoto={t.car.noPhoto} className="mb-3 rounded-lg" /> : null}
        <h3 className="font-semibold group-hover:underline">{part.name}</h3>
        <p className="mt-1 text-lg font-bold text-brand-800">{formatKes(part.price)}</p>
        <p className="text-sm text-stone-700">{part.vendor_company_name}</p>
        {part.compatibility.length ? (
          <p className="mt-1 text-sm text-stone-700">
            {t.parts.fits}: {part.compatibility.slice(0, 2).map((fit) => fitmentText(fit, t.parts.allModels)).join('; ')}
          </p>
        ) : null}
        <p className={`mt-1 text-sm font-semibold ${part.stock > 0 ? 'text-brand-800' : 'text-red-800'}`}>
          {part.stock > 0 ? fill(t.parts.inStock, { count: part.stock }) : t.parts.outOfStock}
        </p>
      </Link>
    </li>
  );
}
