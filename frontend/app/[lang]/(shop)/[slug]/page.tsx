import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { Markdown } from '@/components/content/Markdown';
import { cms } from '@/lib/cms/strapi';
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
  const page = await cms.page(locale, slug);
  if (!page) return { title: t.common.notFoundTitle };
  return {
    title: page.seo?.metaTitle || page.title,
    description: page.seo?.metaDescription || undefined,
    alternates: alternates(`/${page.slug}`, locale),
    robots: page.seo?.noIndex ? { index: false } : undefined,
  };
}

/** Static pages from the CMS (about, terms, how importing works): /{slug}. */
export default async function CmsPageRoute({ params }: Props) {
  const { locale } = await pageLocale(params);
  const { slug } = await params;
  const page = await cms.page(locale, slug);
  if (!page) notFound();
  return (
    <article className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-extrabold sm:text-4xl">{page.title}</h1>
      {page.body ? <Markdown source={page.body} /> : null}
    </article>
  );
}
