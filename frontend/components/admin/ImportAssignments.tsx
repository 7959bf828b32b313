'use client';

import { useEffect, useState } from 'react';

import { useAnnouncer } from '@/components/workspace/Announcer';
import { Notice } from '@/components/ui/Notice';
import { ActionForm, SelectField, type ActionFormLabels } from '@/components/workspace/ActionForm';
import { DataTable, type Column, type DataTableLabels, type Filter } from '@/components/workspace/DataTable';
import { ADMIN_LISTS, adminApi, type VendorRow } from '@/lib/api/admin';
import type { ImportRequest, ImportStatus } from '@/lib/api/types';
import { formatDate, formatKes } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill, type Messages } from '@/lib/i18n/dictionary';

const STATUSES: readonly ImportStatus[] = ['pending', 'sourcing', 'shipped', 'arrived', 'cleared', 'delivered', 'cancelled'];

/** Import requests with their importer; an admin hands each to an approved importer. */
export function ImportAssignments({
  labels,
  statuses,
  table,
  form,
  locale,
}: {
  labels: Messages['admin'] & { all: string };
  statuses: Record<ImportStatus, string>;
  table: DataTableLabels;
  form: ActionFormLabels;
  locale: Locale;
}) {
  const { announce, announcer } = useAnnouncer();
  const [importers, setImporters] = useState<VendorRow[] | null>(null);

  useEffect(() => {
    adminApi
      .importers()
      .then((page) => setImporters(page.data))
      .catch(() => setImporters([]));
  }, []);

  const companyOf = (id: number | null | undefined) => importers?.find((v) => v.id === id)?.company_name;
  const filters: Filter[] = [
    {
      name: 'status',
      label: labels.status,
      type: 'select',
      options: [{ value: '', label: labels.all }, ...STATUSES.map((s) => ({ value: s, label: statuses[s] }))],
    },
  ];
  const columns: Column<ImportRequest>[] = [
    {
      key: 'request',
      label: labels.request,
      render: (r) => (
        <div>
          <p className="font-semibold">
            {fill(labels.requestOf, { id: r.id, car: `${r.specs.make ?? ''} ${r.specs.model ?? ''} ${r.specs.year}`.trim() })}
          </p>
          <p className="text-stone-600">
            {r.specs.origin_country} · {formatDate(r.created_at, locale)}
          </p>
        </div>
      ),
    },
    { key: 'customer', label: labels.customer, render: (r) => fill(labels.owner, { id: r.user_id }) },
    { key: 'estimate', label: labels.estimate, render: (r) => formatKes(r.estimated_cost) },
    { key: 'status', label: labels.status, render: (r) => statuses[r.status] },
    {
      key: 'importer',
      label: labels.importer,
      render: (r) => (r.assigned_importer_id ? (companyOf(r.assigned_importer_id) ?? `#${r.assigned_importer_id}`) : labels.unassigned),
    },
    {
      key: 'assign',
      label: labels.assign,
      className: 'min-w-56',
      render: (r, { reload }) =>
        importers && importers.length ? (
          <ActionForm
            labels={form}
            submitLabel={labels.assign}
            submitAriaLabel={fill(labels.assignRequest, { id: r.id })}
            onSubmit={async (data) => {
              const vendorId = Number(data.get('vendorId'));
              await adminApi.assignImport(r.id, vendorId);
              announce(fill(labels.assigned, { company: companyOf(vendorId) ?? `#${vendorId}`, id: r.id }));
              reload();
            }}
          >
            <SelectField
              id={`importer-${r.id}`}
              name="vendorId"
              label={fill(labels.assignTo, { id: r.id })}
              defaultValue={r.assigned_importer_id ? String(r.assigned_importer_id) : ''}
              options={[{ value: '', label: labels.chooseImporter }, ...importers.map((v) => ({ value: String(v.id), label: v.company_name }))]}
            />
          </ActionForm>
        ) : null,
    },
  ];
  return (
    <div className="space-y-3">
      {importers && importers.length === 0 ? <Notice tone="warning">{labels.noImporters}</Notice> : null}
      {announcer}
      <DataTable<ImportRequest> caption={labels.importsCaption} path={ADMIN_LISTS.imports} columns={columns} rowKey={(r) => r.id} labels={table} filters={filters} />
    </div>
  );
}
