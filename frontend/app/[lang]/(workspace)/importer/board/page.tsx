import type { Metadata } from 'next';

import { ImportBoard } from '@/components/importer/ImportBoard';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';
import { importStatusLabels } from '@/lib/i18n/labels';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.importer.boardTitle, robots: { index: false } };
}

export default async function ImportBoardPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const i = t.importer;
  return (
    <>
      <h1 className="mb-2 text-3xl font-extrabold">{i.boardTitle}</h1>
      <p className="mb-6 text-stone-700">{i.boardLead}</p>
      <ImportBoard
        detailHref={localePath('/importer/imports', locale)}
        labels={{ loading: t.common.loading, empty: i.empty, estimate: i.estimate, statuses: importStatusLabels(t) }}
      />
    </>
  );
}
