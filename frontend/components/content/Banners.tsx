import { type Banner, mediaUrl } from '@/lib/cms/strapi';

/** Homepage banners from the CMS (those showing now); nothing when there are none. */
export function Banners({ banners, label }: { banners: Banner[]; label: string }) {
  if (!banners.length) return null;
  return (
    <section aria-label={label} className="mt-6 grid gap-4 md:grid-cols-2">
      {banners.slice(0, 2).map((banner) => {
        const image = mediaUrl(banner.image);
        const inner = (
          <div className="card flex items-center gap-4 overflow-hidden p-4">
            {image ? (
              // eslint-disable-next-line @next/next/no-img-element -- Strapi media
              <img src={image} alt={banner.image?.alternativeText ?? ''} width={160} height={90} loading="lazy" className="h-20 w-32 rounded object-cover" />
            ) : null}
            <p className="text-lg font-semibold text-brand-800">{banner.title}</p>
          </div>
        );
        return banner.link ? (
          <a key={banner.documentId} href={banner.link} className="block hover:underline">{inner}</a>
        ) : (
          <div key={banner.documentId}>{inner}</div>
        );
      })}
    </section>
  );
}
