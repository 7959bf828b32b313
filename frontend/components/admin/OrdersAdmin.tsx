'use client';

import { useAnnouncer } from '@/components/workspace/Announcer';
import { ActionForm, type ActionFormLabels } from '@/components/workspace/ActionForm';
import { DataTable, type Column, type DataTableLabels, type Filter } from '@/components/workspace/DataTable';
import { ADMIN_LISTS, adminApi, type AdminOrder } from '@/lib/api/admin';
import type { OrderStatus } from '@/lib/api/types';
import { formatDateTime, formatKes } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill, type Messages } from '@/lib/i18n/dictionary';

const STATUSES: readonly OrderStatus[] = ['pending', 'paid', 'fulfilled', 'cancelled', 'expired', 'refunded'];

/** Every order; an admin refunds a paid one (through its provider) or cancels a pending one. */
export function OrdersAdmin({
  labels,
  statuses,
  table,
  form,
  locale,
}: {
  labels: Messages['admin'] & { all: string; actions: string };
  statuses: Record<OrderStatus, string>;
  table: DataTableLabels;
  form: ActionFormLabels;
  locale: Locale;
}) {
  const { announce, announcer } = useAnnouncer();
  const filters: Filter[] = [
    {
      name: 'status',
      label: labels.status,
      type: 'select',
      options: [{ value: '', label: labels.all }, ...STATUSES.map((s) => ({ value: s, label: statuses[s] }))],
    },
  ];
  const numberOf = (o: AdminOrder) => o.number ?? `#${o.id}`;
  const columns: Column<AdminOrder>[] = [
    { key: 'number', label: labels.order, render: (o) => <span className="font-semibold">{numberOf(o)}</span> },
    { key: 'buyer', label: labels.buyer, render: (o) => o.buyer?.name ?? fill(labels.owner, { id: o.user_id }) },
    {
      key: 'items',
      label: labels.items,
      render: (o) => (
        <ul>
          {o.items.map((item) => (
            <li key={item.id ?? `${item.item_type}-${item.item_id}`}>
              {item.quantity} × {item.title}
            </li>
          ))}
        </ul>
      ),
    },
    { key: 'total', label: labels.total, sort: 'total', render: (o) => formatKes(o.total) },
    {
      key: 'status',
      label: labels.status,
      render: (o) => (
        <div>
          <p>{statuses[o.status]}</p>
          {o.refund_requested_at && o.status === 'paid' ? (
            <p className="text-stone-600">{fill(labels.refundPending, { date: formatDateTime(o.refund_requested_at, locale) })}</p>
          ) : null}
        </div>
      ),
    },
    { key: 'placed', label: labels.placed, sort: 'created_at', render: (o) => formatDateTime(o.created_at, locale) },
    {
      key: 'actions',
      label: labels.actions,
      render: (o, { reload }) => {
        if (o.status === 'paid' && !o.refund_requested_at) {
          return (
            <ActionForm
              labels={form}
              buttonClassName="btn-danger"
              submitLabel={labels.refundShort}
              submitAriaLabel={fill(labels.refund, { number: numberOf(o) })}
              onSubmit={async () => {
                await adminApi.refundOrder(o.id);
                announce(fill(labels.refundRequested, { number: numberOf(o) }));
                reload();
              }}
            />
          );
        }
        if (o.status === 'pending') {
          return (
            <ActionForm
              labels={form}
              buttonClassName="btn-secondary"
              submitLabel={labels.cancelShort}
              submitAriaLabel={fill(labels.cancel, { number: numberOf(o) })}
              onSubmit={async () => {
                await adminApi.cancelOrder(o.id);
                announce(fill(labels.orderCancelled, { number: numberOf(o) }));
                reload();
              }}
            />
          );
        }
        return null;
      },
    },
  ];
  return (
    <div className="space-y-3">
      {announcer}
      <DataTable<AdminOrder> caption={labels.ordersCaption} path={ADMIN_LISTS.orders} columns={columns} rowKey={(o) => o.id} labels={table} filters={filters} />
    </div>
  );
}
