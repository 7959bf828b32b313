import type { Metadata } from 'next';

import { PartEditor } from '@/components/vendor/PartEditor';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';
import { partEditorLabels } from '@/lib/i18n/labels';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.vendor.createTitle, robots: { index: false } };
}

export default async function NewPartPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{t.vendor.createTitle}</h1>
      <PartEditor labels={partEditorLabels(t)} listHref={localePath('/vendor/parts', locale)} />
    </>
  );
}
