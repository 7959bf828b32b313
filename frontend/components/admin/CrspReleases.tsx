'use client';

import Link from 'next/link';
import { useState } from 'react';

import { useAnnouncer } from '@/components/workspace/Announcer';
import { ActionForm, TextField, type ActionFormLabels } from '@/components/workspace/ActionForm';
import { DataTable, type Column, type DataTableLabels, type Filter } from '@/components/workspace/DataTable';
import { ADMIN_LISTS, adminApi, type CrspRelease, type CrspReleaseStatus, type CrspUploaded } from '@/lib/api/admin';
import { formatDate } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill, type Messages } from '@/lib/i18n/dictionary';

export function releaseStatusLabels(labels: Messages['admin']): Record<CrspReleaseStatus, string> {
  return { draft: labels.statusDraft, live: labels.statusLive, archived: labels.statusArchived };
}

/** KRA's CRSP lists: upload one as a draft, see what it changes, publish it. */
export function CrspReleases({
  labels,
  table,
  form,
  locale,
  diffHref,
}: {
  labels: Messages['admin'] & { all: string; actions: string };
  table: DataTableLabels;
  form: ActionFormLabels;
  locale: Locale;
  /** The page of one release's difference (``{label}`` is replaced). */
  diffHref: string;
}) {
  const { announce, announcer } = useAnnouncer();
  const [version, setVersion] = useState(0);
  const [uploaded, setUploaded] = useState<CrspUploaded | null>(null);
  const statuses = releaseStatusLabels(labels);
  const hrefOf = (label: string) => diffHref.replace('{label}', encodeURIComponent(label));
  const filters: Filter[] = [
    {
      name: 'status',
      label: labels.status,
      type: 'select',
      options: [{ value: '', label: labels.all }, ...(['draft', 'live', 'archived'] as const).map((s) => ({ value: s, label: statuses[s] }))],
    },
  ];
  const columns: Column<CrspRelease>[] = [
    { key: 'label', label: labels.label, render: (r) => <span className="font-semibold">{r.label}</span> },
    { key: 'effective', label: labels.effective, render: (r) => formatDate(r.effective_from, locale) },
    { key: 'status', label: labels.status, render: (r) => statuses[r.status] },
    { key: 'rows', label: labels.rows, render: (r) => r.row_count.toLocaleString('en-KE') },
    { key: 'published', label: labels.published, render: (r) => (r.published_at ? formatDate(r.published_at, locale) : '') },
    {
      key: 'actions',
      label: labels.actions,
      render: (r, { reload }) => (
        <div className="flex flex-wrap items-start gap-3">
          <Link href={hrefOf(r.label)} className="btn-secondary">
            {fill(labels.seeDiff, { label: r.label })}
          </Link>
          {r.status === 'draft' ? (
            <ActionForm
              labels={form}
              submitLabel={fill(labels.publish, { label: r.label })}
              onSubmit={async () => {
                await adminApi.publishCrsp(r.label);
                announce(fill(labels.publishedMsg, { label: r.label }));
                reload();
              }}
            />
          ) : null}
        </div>
      ),
    },
  ];
  return (
    <div className="space-y-8">
      <section aria-labelledby="crsp-upload" className="card space-y-3 p-4">
        <h2 id="crsp-upload" className="text-xl font-bold">
          {labels.uploadTitle}
        </h2>
        <ActionForm
          labels={form}
          submitLabel={labels.upload}
          onSubmit={async (data) => {
            const result = await adminApi.uploadCrsp(data);
            setUploaded(result);
            setVersion((value) => value + 1);
            return fill(labels.uploaded, { label: result.release.label, rows: result.report.rows, duplicates: result.report.duplicates });
          }}
        >
          <TextField name="file" label={labels.file} hint={labels.fileHint} type="file" accept=".csv,text/csv" required />
          <TextField name="label" label={labels.label} hint={labels.labelHint} required maxLength={40} />
          <TextField name="effectiveFrom" label={labels.effectiveFrom} type="date" required />
        </ActionForm>
        {uploaded ? (
          <p>
            {fill(labels.diffTitle, { label: uploaded.release.label, against: uploaded.diff.against ?? labels.diffNothing })}:{' '}
            {labels.added} {uploaded.diff.added} · {labels.removed} {uploaded.diff.removed} · {labels.changed} {uploaded.diff.changed} ·{' '}
            {labels.unchanged} {uploaded.diff.unchanged}.{' '}
            <Link href={hrefOf(uploaded.release.label)} className="underline">
              {fill(labels.seeDiff, { label: uploaded.release.label })}
            </Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="crsp-releases" className="space-y-3">
        <h2 id="crsp-releases" className="text-xl font-bold">
          {labels.crspCaption}
        </h2>
        {announcer}
        <DataTable<CrspRelease>
          caption={labels.crspCaption}
          path={ADMIN_LISTS.crspReleases}
          columns={columns}
          rowKey={(r) => r.label}
          labels={table}
          filters={filters}
          version={version}
        />
      </section>
    </div>
  );
}
