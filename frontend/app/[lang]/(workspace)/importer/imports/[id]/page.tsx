import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { ImportWork } from '@/components/importer/ImportWork';
import { localePath } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';
import { pageLocale } from '@/lib/i18n/page';
import { breakdownLabels, importStatusLabels } from '@/lib/i18n/labels';

export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ lang: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  const { id } = await params;
  return { title: fill(t.imports.requestedTitle, { id }), robots: { index: false } };
}

/** One assigned import, read in the browser with the importer's token. */
export default async function ImportWorkPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) notFound();
  const i = t.importer;
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{fill(t.imports.requestedTitle, { id })}</h1>
      <ImportWork
        id={Number(id)}
        locale={locale}
        backHref={localePath('/importer', locale)}
        labels={{
          ...breakdownLabels(t),
          detailTitle: i.detailTitle,
          specs: i.specs,
          car: i.car,
          year: i.year,
          engine: i.engine,
          fuel: i.fuel,
          budget: i.budget,
          origin: i.origin,
          estimate: i.estimate,
          status: i.status,
          timeline: i.timeline,
          noEvents: t.imports.noEvents,
          move: i.move,
          nextStatus: i.nextStatus,
          note: i.note,
          noteHint: i.noteHint,
          submit: i.submit,
          moved: i.moved,
          noMoves: i.noMoves,
          busy: t.workspace.busy,
          fieldErrors: t.common.fieldErrors,
          loading: t.common.loading,
          notYours: t.imports.notYours,
          back: i.back,
          statuses: importStatusLabels(t),
          countries: t.countries,
        }}
      />
    </>
  );
}
