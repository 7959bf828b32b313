'use client';

import { useCallback, useState } from 'react';

import { useAnnouncer } from '@/components/workspace/Announcer';
import { ActionForm, type ActionFormLabels } from '@/components/workspace/ActionForm';
import { DataTable, type Column, type DataTableLabels, type Filter } from '@/components/workspace/DataTable';
import { ADMIN_LISTS, adminApi, type CrspDiff, type CrspDiffKind, type CrspDiffRow } from '@/lib/api/admin';
import type { Page } from '@/lib/api/types';
import { formatKes } from '@/lib/format';
import { fill, type Messages } from '@/lib/i18n/dictionary';

/** One release's rows that differ from the live list (or the one it replaced), and Publish. */
export function CrspDiffView({
  release,
  labels,
  table,
  form,
}: {
  release: string;
  labels: Messages['admin'] & { all: string };
  table: DataTableLabels;
  form: ActionFormLabels;
}) {
  const { announce, announcer } = useAnnouncer();
  const [diff, setDiff] = useState<CrspDiff | null>(null);
  const onLoaded = useCallback((page: Page<CrspDiffRow>) => setDiff(page as CrspDiff), []);
  const kinds: Record<CrspDiffKind, string> = { added: labels.added, removed: labels.removed, changed: labels.changed };
  const filters: Filter[] = [
    {
      name: 'kind',
      label: labels.changeKind,
      type: 'select',
      options: [{ value: '', label: labels.all }, ...(Object.keys(kinds) as CrspDiffKind[]).map((k) => ({ value: k, label: kinds[k] }))],
    },
  ];
  const columns: Column<CrspDiffRow>[] = [
    { key: 'kind', label: labels.changeKind, render: (r) => kinds[r.kind] },
    { key: 'make', label: labels.make, render: (r) => r.make },
    { key: 'model', label: labels.model, render: (r) => [r.model, r.transmission, r.drive, r.body_type].filter(Boolean).join(' · ') },
    { key: 'engine', label: labels.engine, render: (r) => r.engine_cc ?? '' },
    { key: 'fuel', label: labels.fuel, render: (r) => r.fuel ?? '' },
    { key: 'old', label: labels.oldCrsp, render: (r) => (r.old_crsp ? formatKes(r.old_crsp) : '') },
    { key: 'new', label: labels.newCrsp, render: (r) => (r.new_crsp ? formatKes(r.new_crsp) : '') },
  ];
  return (
    <div className="space-y-4">
      {diff ? (
        <div className="card space-y-2 p-4">
          <h2 className="text-xl font-bold">{fill(labels.diffTitle, { label: release, against: diff.against ?? labels.diffNothing })}</h2>
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            {(['added', 'removed', 'changed', 'unchanged'] as const).map((key) => (
              <div key={key}>
                <dt className="text-sm font-semibold text-stone-700">{labels[key]}</dt>
                <dd className="text-2xl font-extrabold">{diff.summary[key].toLocaleString('en-KE')}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
      <ActionForm
        labels={form}
        submitLabel={fill(labels.publish, { label: release })}
        onSubmit={async () => {
          await adminApi.publishCrsp(release);
          announce(fill(labels.publishedMsg, { label: release }));
        }}
      />
      {announcer}
      <DataTable<CrspDiffRow>
        caption={labels.diffCaption}
        path={`${ADMIN_LISTS.crspReleases}/${encodeURIComponent(release)}/diff`}
        columns={columns}
        rowKey={(r) => `${r.kind}:${r.make}:${r.model}:${r.transmission}:${r.drive}:${r.engine_cc}:${r.body_type}:${r.seating}:${r.fuel}`}
        labels={table}
        filters={filters}
        onLoaded={onLoaded}
      />
    </div>
  );
}
