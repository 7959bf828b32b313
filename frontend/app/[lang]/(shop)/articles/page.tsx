import type { Metadata } from 'next';

import { ArticleList } from '@/components/content/ArticleList';
import { cms } from '@/lib/cms/strapi';
import { alternates, pageLocale } from '@/lib/i18n/page';

export const revalidate = 300;

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  return { title: t.content.articlesTitle, description: t.content.articlesLead, alternates: alternates('/articles', locale) };
}

export default async function ArticlesPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const articles = await cms.articles(locale, 50);
  return (
    <>
      <h1 className="text-3xl font-extrabold">{t.content.articlesTitle}</h1>
      <p className="mb-6 mt-2 text-stone-700">{t.content.articlesLead}</p>
      <h2 className="sr-only">{t.content.articlesTitle}</h2>
      {articles.length ? <ArticleList articles={articles} locale={locale} t={t} /> : <p className="card p-6">{t.content.noArticles}</p>}
    </>
  );
}
