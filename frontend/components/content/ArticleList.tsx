import Link from 'next/link';

import { type Article, mediaUrl } from '@/lib/cms/strapi';
import { formatDate, isoDateInNairobi } from '@/lib/format';
import { type Locale, localePath } from '@/lib/i18n/config';
import type { Messages } from '@/lib/i18n/dictionary';

export function ArticleList({ articles, locale }: { articles: Article[]; locale: Locale; t?: Messages }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {articles.map((article) => {
        const cover = mediaUrl(article.cover);
        return (
          <li key={article.documentId} className="card overflow-hidden">
            <Link href={localePath(`/articles/${article.slug}`, locale)} className="group block">
              {cover ? (
                // eslint-disable-next-line @next/next/no-img-element -- Strapi media
                <img src={cover} alt="" width={640} height={360} loading="lazy" className="aspect-video w-full object-cover" />
              ) : null}
              <div className="p-4">
                <h3 className="font-semibold group-hover:underline">{article.title}</h3>
                {article.excerpt ? <p className="mt-1 line-clamp-3 text-stone-700">{article.excerpt}</p> : null}
                {article.publishedAt ? (
                  <p className="mt-2 text-sm text-stone-600">
                    <time dateTime={isoDateInNairobi(article.publishedAt)}>{formatDate(article.publishedAt, locale)}</time>
                  </p>
                ) : null}
              </div>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
