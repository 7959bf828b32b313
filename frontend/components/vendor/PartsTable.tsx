'use client';

import Link from 'next/link';

import { useAuth } from '@/components/auth/AuthProvider';
import { ActionForm, TextField } from '@/components/workspace/ActionForm';
import { useAnnouncer } from '@/components/workspace/Announcer';
import { DataTable, type Column, type DataTableLabels } from '@/components/workspace/DataTable';
import { api } from '@/lib/api/browser';
import type { Fitment, Part } from '@/lib/api/types';
import { formatKes } from '@/lib/format';
import { fill } from '@/lib/i18n/dictionary';

export interface PartsTableLabels {
  caption: string;
  name: string;
  sku: string;
  price: string;
  stock: string;
  fits: string;
  fitsAny: string;
  edit: string;
  editTitle: string;
  updateStock: string;
  stockSaved: string;
  actions: string;
  busy: string;
  fieldErrors: string;
  table: DataTableLabels;
}

export function fitmentText(fit: Fitment): string {
  const years = fit.years?.length
    ? fit.years.length > 1
      ? ` ${Math.min(...fit.years)}–${Math.max(...fit.years)}`
      : ` ${fit.years[0]}`
    : '';
  return `${fit.make}${fit.model ? ` ${fit.model}` : ''}${years}`;
}

/**
 * The vendor's own parts: sortable by name, price and stock, searchable by name; the
 * stock is changed in place. ``lowStock``: only parts at or below that stock, lowest first.
 */
export function PartsTable({ labels, editHref, lowStock }: { labels: PartsTableLabels; editHref: string; lowStock?: number }) {
  const { user } = useAuth();
  // A restocked part leaves the low-stock list: its message lives above the table.
  const { announce, announcer } = useAnnouncer();
  const vendorId = user?.vendor?.id;
  if (!vendorId) return null;
  const columns: Column<Part>[] = [
    {
      key: 'name',
      label: labels.name,
      sort: 'name',
      render: (part) => (
        <Link href={`${editHref}/${part.id}`} className="font-semibold underline" aria-label={fill(labels.editTitle, { name: part.name })}>
          {part.name}
        </Link>
      ),
    },
    { key: 'sku', label: labels.sku, render: (part) => <code>{part.sku}</code> },
    { key: 'price', label: labels.price, sort: 'price', render: (part) => formatKes(part.price) },
    {
      key: 'stock',
      label: labels.stock,
      sort: 'stock',
      render: (part, { reload }) => (
        <ActionForm
          className="flex flex-wrap items-end gap-2"
          buttonClassName="btn-secondary"
          submitLabel={labels.updateStock}
          submitAriaLabel={`${labels.updateStock}: ${part.name}`}
          labels={{ busy: labels.busy, fieldErrors: labels.fieldErrors }}
          onSubmit={async (data) => {
            const stock = Number(data.get('stock'));
            const saved = await api.updatePart(part.id, { stock });
            announce(fill(labels.stockSaved, { name: saved.name, stock: saved.stock }));
            reload();
          }}
        >
          <TextField
            id={`stock-${part.id}`}
            name="stock"
            label={`${labels.stock}: ${part.name}`}
            type="number"
            min={0}
            inputMode="numeric"
            defaultValue={part.stock}
            className="w-28 [&_label]:sr-only"
          />
        </ActionForm>
      ),
    },
    {
      key: 'fits',
      label: labels.fits,
      render: (part) => (part.compatibility.length ? part.compatibility.map(fitmentText).join(', ') : labels.fitsAny),
    },
  ];
  return (
    <>
      {announcer}
      <DataTable<Part>
      caption={labels.caption}
      path="/v1/parts"
      columns={columns}
      rowKey={(part) => part.id}
      labels={labels.table}
      filters={[{ name: 'name', label: labels.name }]}
      fixed={lowStock === undefined ? { vendorId } : { vendorId, maxStock: lowStock }}
        defaults={lowStock === undefined ? {} : { sort: 'stock' }}
      />
    </>
  );
}
