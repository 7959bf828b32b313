import type { Metadata } from 'next';

import { Markdown } from '@/components/content/Markdown';
import { cms, type Faq } from '@/lib/cms/strapi';
import { alternates, pageLocale } from '@/lib/i18n/page';

export const revalidate = 300;

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  return { title: t.content.helpTitle, description: t.content.helpLead, alternates: alternates('/help', locale) };
}

export default async function HelpPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const faqs = await cms.faqs(locale);
  const byCategory = new Map<string, Faq[]>();
  for (const faq of faqs) byCategory.set(faq.category, [...(byCategory.get(faq.category) ?? []), faq]);
  const names = t.content.faqCategory as Record<string, string>;
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-extrabold">{t.content.helpTitle}</h1>
      <p className="mb-6 mt-2 text-stone-700">{t.content.helpLead}</p>
      {faqs.length === 0 ? <p className="card p-6">{t.content.noFaqs}</p> : null}
      {[...byCategory.entries()].map(([category, items]) => (
        <section key={category} aria-labelledby={`faq-${category}`} className="mb-8">
          <h2 id={`faq-${category}`} className="mb-3 text-2xl font-bold">{names[category] ?? category}</h2>
          <div className="space-y-2">
            {items.map((faq) => (
              <details key={faq.documentId} className="card p-4">
                <summary className="cursor-pointer font-semibold">{faq.question}</summary>
                {faq.answer ? <Markdown source={faq.answer} /> : null}
              </details>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
