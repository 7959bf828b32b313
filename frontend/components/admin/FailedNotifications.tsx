'use client';

import { useSearchParams } from 'next/navigation';

import { DataTable, type Column, type DataTableLabels, type Filter } from '@/components/workspace/DataTable';
import { ADMIN_LISTS, type NotificationRow } from '@/lib/api/admin';
import { formatDateTime } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import type { Messages } from '@/lib/i18n/dictionary';

/** What failed to go out (failed or undeliverable), with the provider's error. */
export const FAILED = ['failed', 'undeliverable'] as const;

export function FailedNotifications({ labels, table, locale }: { labels: Messages['admin']; table: DataTableLabels; locale: Locale }) {
  const search = useSearchParams();
  const filters: Filter[] = [
    {
      name: 'status',
      label: labels.status,
      type: 'select',
      options: [
        { value: '', label: labels.failedAny },
        { value: 'failed', label: labels.outcomeFailed },
        { value: 'undeliverable', label: labels.outcomeUndeliverable },
      ],
    },
    {
      name: 'channel',
      label: labels.channel,
      type: 'select',
      options: [
        { value: '', label: `${labels.email} / ${labels.whatsapp}` },
        { value: 'email', label: labels.email },
        { value: 'whatsapp', label: labels.whatsapp },
      ],
    },
    { name: 'user', label: labels.user, type: 'number' },
  ];
  const statusOf: Record<string, string> = { failed: labels.outcomeFailed, undeliverable: labels.outcomeUndeliverable };
  const columns: Column<NotificationRow>[] = [
    { key: 'time', label: labels.time, sort: 'created_at', render: (n) => formatDateTime(n.created_at, locale) },
    { key: 'user', label: labels.user, render: (n) => n.user_id ?? '—' },
    { key: 'channel', label: labels.channel, render: (n) => (n.channel === 'email' ? labels.email : labels.whatsapp) },
    { key: 'template', label: labels.template, render: (n) => <code>{n.template}</code> },
    { key: 'to', label: labels.recipient, render: (n) => n.to_address ?? '' },
    { key: 'attempts', label: labels.attempts, render: (n) => n.attempts },
    { key: 'status', label: labels.status, render: (n) => statusOf[n.status] ?? n.status },
    { key: 'error', label: labels.error, className: 'max-w-sm break-words', render: (n) => n.error ?? '' },
  ];
  // Without a chosen status, both kinds of failure; a chosen one narrows it.
  const fixed: Record<string, readonly string[]> = search.get('status') ? {} : { status: FAILED };
  return (
    <DataTable<NotificationRow>
      caption={labels.notificationsCaption}
      path={ADMIN_LISTS.notifications}
      columns={columns}
      rowKey={(n) => n.id}
      labels={table}
      filters={filters}
      fixed={fixed}
    />
  );
}
