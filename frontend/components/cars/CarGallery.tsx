import { CarPhoto } from '@/components/cars/CarPhoto';
import { fill, type Messages } from '@/lib/i18n/dictionary';

/**
 * Photos in a horizontal scroll-snap strip with numbered thumbnails that jump to
 * each one: swipeable on a phone, keyboard-reachable, and no JavaScript.
 */
export function CarGallery({ images, title, t }: { images: string[]; title: string; t: Messages }) {
  if (images.length === 0) {
    return <CarPhoto src={undefined} alt="" noPhoto={t.car.noPhoto} className="rounded-xl" />;
  }
  const total = images.length;
  return (
    <section aria-label={t.car.gallery}>
      <ul className="flex snap-x snap-mandatory overflow-x-auto rounded-xl" tabIndex={0} aria-label={t.car.gallery}>
        {images.map((src, index) => (
          <li key={src} id={`photo-${index + 1}`} className="w-full flex-none snap-center">
            <CarPhoto
              src={src}
              alt={fill(t.car.photo, { n: index + 1, total, title })}
              noPhoto={t.car.noPhoto}
              priority={index === 0}
            />
          </li>
        ))}
      </ul>
      {total > 1 ? (
        <ol className="mt-2 flex flex-wrap gap-2">
          {images.map((src, index) => (
            <li key={src}>
              <a
                href={`#photo-${index + 1}`}
                className="inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg border border-stone-300 bg-white font-semibold"
                aria-label={fill(t.car.photo, { n: index + 1, total, title })}
              >
                {index + 1}
              </a>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
