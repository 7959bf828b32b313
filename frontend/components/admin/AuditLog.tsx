'use client';

import { DataTable, type Column, type DataTableLabels, type Filter } from '@/components/workspace/DataTable';
import { ADMIN_LISTS, type AuditRow } from '@/lib/api/admin';
import { formatDateTime } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import type { Messages } from '@/lib/i18n/dictionary';

/** Who changed what, filtered by the API's own parameters (user, resource, action, dates). */
export function AuditLog({ labels, table, locale }: { labels: Messages['admin']; table: DataTableLabels; locale: Locale }) {
  const filters: Filter[] = [
    { name: 'user', label: labels.user, type: 'number' },
    { name: 'action', label: labels.action },
    { name: 'resource_type', label: labels.resourceType },
    { name: 'resource_id', label: labels.resourceId },
    { name: 'from', label: labels.from, type: 'date' },
    { name: 'to', label: labels.to, type: 'date' },
  ];
  const columns: Column<AuditRow>[] = [
    { key: 'time', label: labels.time, sort: 'timestamp', render: (r) => formatDateTime(r.timestamp, locale) },
    { key: 'user', label: labels.user, render: (r) => r.user_id ?? '—' },
    { key: 'action', label: labels.action, render: (r) => <code>{r.action}</code> },
    { key: 'resource', label: labels.resource, render: (r) => `${r.resource_type}${r.resource_id ? ` ${r.resource_id}` : ''}` },
    {
      key: 'changes',
      label: labels.changes,
      className: 'max-w-md break-words',
      render: (r) => (r.changes ? <code className="text-xs">{JSON.stringify(r.changes)}</code> : null),
    },
    { key: 'ip', label: labels.ip, render: (r) => r.ip ?? '' },
  ];
  return <DataTable<AuditRow> caption={labels.auditCaption} path={ADMIN_LISTS.auditLogs} columns={columns} rowKey={(r) => r.id} labels={table} filters={filters} />;
}
