'use client';

import { ActionForm, TextAreaField } from '@/components/workspace/ActionForm';
import { DataTable, type Column, type DataTableLabels } from '@/components/workspace/DataTable';
import { api } from '@/lib/api/browser';
import type { Inquiry } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';

export interface InboxLabels {
  caption: string;
  part: string;
  quantity: string;
  message: string;
  status: string;
  received: string;
  reply: string;
  replyTo: string;
  send: string;
  sent: string;
  answered: string;
  all: string;
  busy: string;
  fieldErrors: string;
  statuses: Record<Inquiry['status'], string>;
  table: DataTableLabels;
}

/** Inquiries about the vendor's parts, unanswered first; each answered in place. */
export function InquiriesInbox({ labels, locale }: { labels: InboxLabels; locale: Locale }) {
  const columns: Column<Inquiry>[] = [
    { key: 'received', label: labels.received, render: (row) => formatDateTime(row.created_at, locale), className: 'whitespace-nowrap' },
    { key: 'part', label: labels.part, render: (row) => row.part_name },
    { key: 'quantity', label: labels.quantity, render: (row) => row.quantity },
    { key: 'message', label: labels.message, render: (row) => <p className="max-w-xs whitespace-pre-line">{row.message}</p> },
    {
      key: 'status',
      label: labels.status,
      render: (row) => (
        <span className={row.status === 'new' ? 'font-bold text-amber-900' : 'text-stone-700'}>{labels.statuses[row.status]}</span>
      ),
    },
    {
      key: 'reply',
      label: labels.reply,
      className: 'min-w-72',
      render: (row, { reload }) => (
        <div className="space-y-2">
          {row.response_message ? <p className="text-sm text-stone-700">{fill(labels.answered, { text: row.response_message })}</p> : null}
          {row.status !== 'closed' ? (
            <ActionForm
              submitLabel={labels.send}
              submitAriaLabel={`${labels.send}: ${fill(labels.replyTo, { id: row.id })}`}
              labels={{ busy: labels.busy, fieldErrors: labels.fieldErrors }}
              onSubmit={async (data) => {
                await api.respondToInquiry(row.id, String(data.get('responseMessage') ?? '').trim());
                reload();
                return labels.sent;
              }}
            >
              <TextAreaField
                id={`reply-${row.id}`}
                name="responseMessage"
                label={fill(labels.replyTo, { id: row.id })}
                required
                maxLength={2000}
                rows={2}
              />
            </ActionForm>
          ) : null}
        </div>
      ),
    },
  ];
  return (
    <DataTable<Inquiry>
      caption={labels.caption}
      path="/v1/inquiries"
      columns={columns}
      rowKey={(row) => row.id}
      labels={labels.table}
      filters={[
        {
          name: 'status',
          label: labels.status,
          type: 'select',
          options: [
            { value: '', label: labels.all },
            ...(['new', 'responded', 'closed'] as const).map((status) => ({ value: status, label: labels.statuses[status] })),
          ],
        },
      ]}
      fixed={{ received: 'true' }}
      defaults={{ sort: 'unanswered' }}
    />
  );
}
