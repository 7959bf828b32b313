'use client';

import { ActionForm } from '@/components/workspace/ActionForm';
import { DataTable, type Column, type DataTableLabels } from '@/components/workspace/DataTable';
import { api } from '@/lib/api/browser';
import type { Order, OrderStatus } from '@/lib/api/types';
import { formatDate, formatDateTime, formatKes } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';

export interface VendorOrdersLabels {
  caption: string;
  order: string;
  placed: string;
  status: string;
  lines: string;
  buyer: string;
  buyerHidden: string;
  total: string;
  fulfil: string;
  fulfilLine: string;
  fulfilled: string;
  fulfilledNow: string;
  all: string;
  busy: string;
  fieldErrors: string;
  statuses: Record<OrderStatus, string>;
  table: DataTableLabels;
}

/** Orders with the vendor's lines: each paid line is marked fulfilled at handover. */
export function VendorOrders({ labels, locale }: { labels: VendorOrdersLabels; locale: Locale }) {
  const columns: Column<Order>[] = [
    { key: 'order', label: labels.order, render: (order) => <span className="font-semibold">{order.number ?? order.id}</span> },
    { key: 'placed', label: labels.placed, render: (order) => formatDateTime(order.created_at, locale), className: 'whitespace-nowrap' },
    { key: 'status', label: labels.status, render: (order) => labels.statuses[order.status] },
    {
      key: 'lines',
      label: labels.lines,
      className: 'min-w-64',
      render: (order, { reload }) => (
        <ul className="space-y-2">
          {order.items.map((item) => (
            <li key={item.id ?? item.item_id}>
              <p>
                {item.quantity} × {item.title} · {formatKes(item.line_total)}
              </p>
              {item.fulfilled_at ? (
                <p className="text-sm text-brand-900">{fill(labels.fulfilled, { date: formatDate(item.fulfilled_at, locale) })}</p>
              ) : order.status === 'paid' && item.id ? (
                <ActionForm
                  submitLabel={labels.fulfil}
                  submitAriaLabel={fill(labels.fulfilLine, { title: `${order.number ?? order.id} ${item.title}` })}
                  buttonClassName="btn-secondary"
                  labels={{ busy: labels.busy, fieldErrors: labels.fieldErrors }}
                  onSubmit={async () => {
                    await api.fulfilLine(order.id, item.id as number);
                    reload();
                    return fill(labels.fulfilledNow, { title: item.title });
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ),
    },
    {
      key: 'buyer',
      label: labels.buyer,
      render: (order) =>
        order.buyer ? (
          <p>
            {order.buyer.name}
            {order.buyer.phone ? (
              <>
                <br />
                <a href={`tel:${order.buyer.phone}`} className="underline">
                  {order.buyer.phone}
                </a>
              </>
            ) : null}
          </p>
        ) : (
          <span className="text-stone-700">{labels.buyerHidden}</span>
        ),
    },
    { key: 'total', label: labels.total, render: (order) => formatKes(order.total) },
  ];
  const statuses: OrderStatus[] = ['paid', 'pending', 'fulfilled', 'cancelled', 'expired', 'refunded'];
  return (
    <DataTable<Order>
      caption={labels.caption}
      path="/v1/orders"
      columns={columns}
      rowKey={(order) => order.id}
      labels={labels.table}
      filters={[
        {
          name: 'status',
          label: labels.status,
          type: 'select',
          options: [{ value: '', label: labels.all }, ...statuses.map((status) => ({ value: status, label: labels.statuses[status] }))],
        },
      ]}
      fixed={{ selling: 'true' }}
    />
  );
}
