'use client';

import Link from 'next/link';

import { DataTable, type Column, type DataTableLabels } from '@/components/workspace/DataTable';
import type { ImportRequest, ImportStatus } from '@/lib/api/types';
import { formatDate, formatKes } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { IMPORT_STEPS } from '@/lib/imports';

export interface AssignedLabels {
  caption: string;
  request: string;
  car: string;
  origin: string;
  budget: string;
  estimate: string;
  status: string;
  updated: string;
  all: string;
  statuses: Record<ImportStatus, string>;
  countries: Record<string, string>;
  table: DataTableLabels;
}

export function carOf(request: ImportRequest): string {
  const specs = request.specs;
  return [specs.make, specs.model, specs.year].filter(Boolean).join(' ');
}

/** The import requests an admin assigned to this importer, filterable by status. */
export function AssignedImports({ labels, locale, detailHref }: { labels: AssignedLabels; locale: Locale; detailHref: string }) {
  const columns: Column<ImportRequest>[] = [
    {
      key: 'request',
      label: labels.request,
      render: (row) => (
        <Link href={`${detailHref}/${row.id}`} className="font-semibold underline">
          #{row.id}
        </Link>
      ),
    },
    { key: 'car', label: labels.car, render: carOf },
    { key: 'origin', label: labels.origin, render: (row) => labels.countries[row.specs.origin_country] ?? row.specs.origin_country },
    { key: 'budget', label: labels.budget, render: (row) => formatKes(row.specs.budget) },
    { key: 'estimate', label: labels.estimate, render: (row) => formatKes(row.estimated_cost) },
    { key: 'status', label: labels.status, render: (row) => labels.statuses[row.status] },
    { key: 'updated', label: labels.updated, render: (row) => formatDate(row.updated_at, locale), className: 'whitespace-nowrap' },
  ];
  const statuses: ImportStatus[] = [...IMPORT_STEPS, 'cancelled'];
  return (
    <DataTable<ImportRequest>
      caption={labels.caption}
      path="/v1/imports"
      columns={columns}
      rowKey={(row) => row.id}
      labels={labels.table}
      filters={[
        {
          name: 'status',
          label: labels.status,
          type: 'select',
          options: [{ value: '', label: labels.all }, ...statuses.map((status) => ({ value: status, label: labels.statuses[status] }))],
        },
      ]}
      fixed={{ assigned: 'true' }}
    />
  );
}
