'use client';

import { useAnnouncer } from '@/components/workspace/Announcer';
import { ActionForm, type ActionFormLabels } from '@/components/workspace/ActionForm';
import { DataTable, type Column, type DataTableLabels, type Filter } from '@/components/workspace/DataTable';
import { ADMIN_LISTS, adminApi, type VendorKind, type VendorRow } from '@/lib/api/admin';
import { formatDate } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';

export interface VendorLabels {
  caption: string;
  company: string;
  contact: string;
  kinds: string;
  status: string;
  since: string;
  actions: string;
  approvedFilter: string;
  awaiting: string;
  approvedState: string;
  kind: string;
  all: string;
  kindParts: string;
  kindImporter: string;
  approveAs: string;
  approveVendor: string;
  saveKinds: string;
  vendorApproved: string;
}

const KINDS: readonly VendorKind[] = ['parts', 'importer'];

/** Vendors by approval and kind; an admin approves one as parts seller, importer or both. */
export function VendorApprovals({ labels, table, form, locale }: { labels: VendorLabels; table: DataTableLabels; form: ActionFormLabels; locale: Locale }) {
  const { announce, announcer } = useAnnouncer();
  const kindName = (kind: VendorKind) => (kind === 'parts' ? labels.kindParts : labels.kindImporter);
  const filters: Filter[] = [
    {
      name: 'approved',
      label: labels.approvedFilter,
      type: 'select',
      options: [
        { value: '', label: labels.all },
        { value: 'false', label: labels.awaiting },
        { value: 'true', label: labels.approvedState },
      ],
    },
    {
      name: 'kind',
      label: labels.kind,
      type: 'select',
      options: [{ value: '', label: labels.all }, ...KINDS.map((kind) => ({ value: kind, label: kindName(kind) }))],
    },
  ];
  const columns: Column<VendorRow>[] = [
    { key: 'company', label: labels.company, render: (v) => <span className="font-semibold">{v.company_name}</span> },
    { key: 'email', label: labels.contact, render: (v) => v.email },
    { key: 'kinds', label: labels.kinds, render: (v) => v.kinds.map(kindName).join(', ') },
    { key: 'status', label: labels.status, render: (v) => (v.approved ? labels.approvedState : labels.awaiting) },
    { key: 'since', label: labels.since, render: (v) => formatDate(v.created_at, locale) },
    {
      key: 'actions',
      label: labels.actions,
      render: (v, { reload }) => (
        <ActionForm
          labels={form}
          submitLabel={v.approved ? labels.saveKinds : labels.approveVendor}
          submitAriaLabel={`${v.approved ? labels.saveKinds : labels.approveVendor}: ${v.company_name}`}
          onSubmit={async (data) => {
            const kinds = KINDS.filter((kind) => data.get(kind) === 'on');
            const saved = await adminApi.approveVendor(v.id, kinds);
            announce(fill(labels.vendorApproved, { company: saved.company_name, kinds: saved.kinds.map(kindName).join(', ') }));
            reload();
          }}
        >
          <fieldset>
            <legend className="mb-1 text-sm font-semibold">{fill(labels.approveAs, { company: v.company_name })}</legend>
            {KINDS.map((kind) => (
              <label key={kind} className="mr-4 inline-flex items-center gap-2 text-sm">
                <input type="checkbox" name={kind} defaultChecked={v.kinds.includes(kind)} />
                {kindName(kind)}
              </label>
            ))}
          </fieldset>
        </ActionForm>
      ),
    },
  ];
  return (
    <div className="space-y-3">
      {announcer}
      <DataTable<VendorRow> caption={labels.caption} path={ADMIN_LISTS.vendors} columns={columns} rowKey={(v) => v.id} labels={table} filters={filters} />
    </div>
  );
}
