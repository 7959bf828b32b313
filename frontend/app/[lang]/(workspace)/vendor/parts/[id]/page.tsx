import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { PartEditor } from '@/components/vendor/PartEditor';
import { localePath } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';
import { pageLocale } from '@/lib/i18n/page';
import { partEditorLabels } from '@/lib/i18n/labels';

export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ lang: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  const { id } = await params;
  return { title: fill(t.vendor.editTitle, { name: `#${id}` }), robots: { index: false } };
}

export default async function EditPartPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) notFound();
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{fill(t.vendor.editTitle, { name: `#${id}` })}</h1>
      <PartEditor partId={Number(id)} labels={partEditorLabels(t)} listHref={localePath('/vendor/parts', locale)} />
    </>
  );
}
