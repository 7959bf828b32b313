import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';

import { CarGallery } from '@/components/cars/CarGallery';
import { ReserveButton } from '@/components/cars/ReserveButton';
import { StatusBadge } from '@/components/cars/StatusBadge';
import { publicApi } from '@/lib/api/server';
import { settings } from '@/lib/config';
import { formatKes, formatKm } from '@/lib/format';
import { localePath } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';
import { alternates, pageLocale } from '@/lib/i18n/page';
import { carJsonLd, jsonLdScript } from '@/lib/seo';

export const revalidate = 60;

// Rendered on the first visit, then served from the ISR cache.
export function generateStaticParams() {
  return [];
}

// Matches the sidecar's deposit rule; the order's amount_due is what is charged.
const DEPOSIT_KES = 50_000;

type Props = { params: Promise<{ lang: string; id: string }> };

async function load(params: Props['params']) {
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) return null;
  return publicApi.getCar(Number(id));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  const car = await load(params);
  if (!car) return { title: t.common.notFoundTitle };
  const description = `${car.title}: ${formatKes(car.price)}, ${car.year}${car.mileage_km !== null ? `, ${formatKm(car.mileage_km)}` : ''}. ${car.description ?? ''}`.slice(0, 160);
  const path = `/cars/${car.id}`;
  return {
    title: `${car.title} — ${formatKes(car.price)}`,
    description,
    alternates: alternates(path, locale),
    openGraph: {
      type: 'website',
      title: car.title,
      description,
      url: localePath(path, locale),
      images: car.image_urls.slice(0, 1),
      locale: locale === 'sw' ? 'sw_KE' : 'en_KE',
    },
  };
}

export default async function CarPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const car = await load(params);
  if (!car) notFound();
  const href = (path: string) => localePath(path, locale);
  const url = `${settings.siteUrl}${href(`/cars/${car.id}`)}`;
  const price = Number(car.price);
  const deposit = Math.min(DEPOSIT_KES, price);
  const specs: [string, string | null | undefined][] = [
    [t.car.make, car.make],
    [t.car.model, car.model],
    [t.car.year, String(car.year)],
    [t.car.mileage, car.mileage_km !== null ? formatKm(car.mileage_km) : null],
    [t.car.fuel, car.fuel ? t.fuel[car.fuel] : null],
    [t.car.transmission, car.transmission ? t.transmission[car.transmission] : null],
    [t.car.bodyType, car.body_type],
    [t.car.location, car.location],
  ];
  const importQuery = new URLSearchParams({ make: car.make, model: car.model, year: String(car.year) });
  return (
    <article>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdScript(carJsonLd(car, url)) }} />
      <p className="mb-3">
        <Link href={href('/cars')} className="text-brand-700 underline">{t.car.backToSearch}</Link>
      </p>
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <CarGallery images={car.image_urls} title={car.title} t={t} />
        <div>
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={car.status} t={t} />
          </div>
          <h1 className="mt-1 text-3xl font-extrabold">{car.title}</h1>
          <p className="mt-2 text-3xl font-bold text-brand-800">
            <span className="sr-only">{t.car.price}: </span>
            {formatKes(car.price)}
          </p>
          {car.seller?.name ? (
            <p className="mt-2 text-stone-700">{t.car.seller}: <span className="font-semibold">{car.seller.name}</span></p>
          ) : null}
          <div className="mt-6">
            {car.status === 'active' ? (
              <ReserveButton
                carId={car.id}
                loginHref={`${href('/login')}?next=${encodeURIComponent(href(`/cars/${car.id}`))}`}
                checkoutBase={href('/checkout')}
                note={fill(t.car.reserveNote, { deposit: formatKes(deposit) })}
                labels={{ reserve: t.car.reserve, reserving: t.car.reserving, signIn: t.car.signInToReserve, unavailable: t.car.unavailable }}
              />
            ) : (
              <p className="card p-4 font-semibold">{t.car.unavailable}</p>
            )}
          </div>
          <p className="mt-4">
            <Link href={`${href('/imports/new')}?${importQuery.toString()}`} className="text-brand-700 underline">
              {fill(t.car.compareImport, { make: car.make, model: car.model, year: car.year })}
            </Link>
          </p>
        </div>
      </div>

      <section aria-labelledby="specs" className="mt-8">
        <h2 id="specs" className="mb-3 text-2xl font-bold">{t.car.specs}</h2>
        <dl className="card grid grid-cols-1 gap-x-6 p-4 sm:grid-cols-2">
          {specs
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <div key={label} className="flex justify-between gap-4 border-b border-stone-100 py-2">
                <dt className="text-stone-700">{label}</dt>
                <dd className="font-semibold">{value}</dd>
              </div>
            ))}
        </dl>
      </section>

      {car.description ? (
        <section aria-labelledby="description" className="mt-8">
          <h2 id="description" className="mb-3 text-2xl font-bold">{t.car.description}</h2>
          <p className="whitespace-pre-line leading-7">{car.description}</p>
        </section>
      ) : null}

      {car.related_articles.length ? (
        <section aria-labelledby="related" className="mt-8">
          <h2 id="related" className="mb-3 text-2xl font-bold">{t.car.related}</h2>
          <ul className="grid gap-3 sm:grid-cols-2">
            {car.related_articles
              .filter((article) => article.slug)
              .map((article) => (
                <li key={article.document_id} className="card p-4">
                  <Link href={href(`/articles/${article.slug}`)} className="font-semibold text-brand-800 underline">
                    {article.title}
                  </Link>
                  {article.excerpt ? <p className="mt-1 text-stone-700">{article.excerpt}</p> : null}
                </li>
              ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
