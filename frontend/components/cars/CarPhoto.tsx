/** A car's photo, or a drawn placeholder when it has none (keeps the layout stable). */
export function CarPhoto({
  src,
  alt,
  noPhoto,
  priority = false,
  className = '',
}: {
  src: string | undefined;
  alt: string;
  noPhoto: string;
  priority?: boolean;
  className?: string;
}) {
  if (!src) {
    return (
      <div role="img" aria-label={noPhoto} className={`flex aspect-[4/3] items-center justify-center bg-stone-200 ${className}`}>
        <svg aria-hidden="true" viewBox="0 0 64 40" className="w-1/2 fill-stone-400">
          <path d="M6 26l6-12c1-2 3-3 5-3h30c2 0 4 1 5 3l6 12v8h-5a5 5 0 0 1-10 0H21a5 5 0 0 1-10 0H6z" />
        </svg>
      </div>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- sidecar media, already sized by the seller's upload
    <img
      src={src}
      alt={alt}
      width={800}
      height={600}
      loading={priority ? 'eager' : 'lazy'}
      fetchPriority={priority ? 'high' : undefined}
      decoding="async"
      className={`aspect-[4/3] w-full object-cover ${className}`}
    />
  );
}
