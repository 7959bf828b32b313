import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { Markdown } from '@/components/content/Markdown';
import { cms, mediaUrl } from '@/lib/cms/strapi';
import { formatDate, isoDateInNairobi } from '@/lib/format';
import { fill } from '@/lib/i18n/dictionary';
import { alternates, pageLocale } from '@/lib/i18n/page';

export const revalidate = 300;

// Rendered on the first visit, then served from the ISR cache.
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ lang: string; slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  const { slug } = await params;
  const article = await cms.article(locale, slug);
  if (!article) return { title: t.common.notFoundTitle };
  const image = mediaUrl(article.seo?.shareImage ?? article.cover);
  return {
    title: article.seo?.metaTitle || article.title,
    description: article.seo?.metaDescription || article.excerpt || undefined,
    alternates: alternates(`/articles/${article.slug}`, locale),
    robots: article.seo?.noIndex ? { index: false } : undefined,
    openGraph: { type: 'article', title: article.title, images: image ? [image] : undefined, publishedTime: article.publishedAt ?? undefined },
  };
}

export default async function ArticlePage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const { slug } = await params;
  const article = await cms.article(locale, slug);
  if (!article) notFound();
  const cover = mediaUrl(article.cover);
  return (
    <article className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-extrabold sm:text-4xl">{article.title}</h1>
      {article.publishedAt ? (
        <p className="mt-2 text-stone-700">
          {fill(t.content.published, { date: '' })}
          <time dateTime={isoDateInNairobi(article.publishedAt)}>{formatDate(article.publishedAt, locale)}</time>
        </p>
      ) : null}
      {cover ? (
        // eslint-disable-next-line @next/next/no-img-element -- Strapi media
        <img src={cover} alt={article.cover?.alternativeText ?? ''} width={1200} height={630} className="mt-6 w-full rounded-xl object-cover" />
      ) : null}
      {article.excerpt ? <p className="mt-6 text-lg text-stone-800">{article.excerpt}</p> : null}
      {article.body ? <Markdown source={article.body} /> : null}
    </article>
  );
}
