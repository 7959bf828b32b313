import type { Metadata } from 'next';
import { Suspense } from 'react';

import { VendorApprovals } from '@/components/admin/VendorApprovals';
import { tableLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.admin.vendorsTitle, robots: { index: false } };
}

export default async function AdminVendorsPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const a = t.admin;
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{a.vendorsTitle}</h1>
      <Suspense fallback={<p aria-busy="true">{t.common.loading}</p>}>
        <VendorApprovals
          locale={locale}
          table={tableLabels(t)}
          form={{ busy: t.workspace.busy, fieldErrors: t.common.fieldErrors }}
          labels={{
            caption: a.vendorsCaption,
            company: a.company,
            contact: a.contact,
            kinds: a.kinds,
            status: a.status,
            since: a.since,
            actions: t.workspace.actions,
            approvedFilter: a.approvedFilter,
            awaiting: a.awaiting,
            approvedState: a.approvedState,
            kind: a.kind,
            all: t.workspace.all,
            kindParts: a.kindParts,
            kindImporter: a.kindImporter,
            approveAs: a.approveAs,
            approveVendor: a.approveVendor,
            saveKinds: a.saveKinds,
            vendorApproved: a.vendorApproved,
          }}
        />
      </Suspense>
    </>
  );
}
