import type { Metadata } from 'next';
import { Suspense } from 'react';

import { CrspDiffView } from '@/components/admin/CrspDiffView';
import { fill } from '@/lib/i18n/dictionary';
import { tableLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string; label: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  const { label } = await params;
  return { title: `${decodeURIComponent(label)} · ${t.admin.crspTitle}`, robots: { index: false } };
}

/** One CRSP release: what it changes against the live list, and Publish. */
export default async function AdminCrspReleasePage({ params }: Props) {
  const { t } = await pageLocale(params);
  const label = decodeURIComponent((await params).label);
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{fill(t.admin.releaseTitle, { label })}</h1>
      <Suspense fallback={<p aria-busy="true">{t.common.loading}</p>}>
        <CrspDiffView
          release={label}
          labels={{ ...t.admin, all: t.workspace.all }}
          table={tableLabels(t)}
          form={{ busy: t.workspace.busy, fieldErrors: t.common.fieldErrors }}
        />
      </Suspense>
    </>
  );
}
