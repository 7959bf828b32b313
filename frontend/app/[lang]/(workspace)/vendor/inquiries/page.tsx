import type { Metadata } from 'next';
import { Suspense } from 'react';

import { InquiriesInbox } from '@/components/vendor/InquiriesInbox';
import { pageLocale } from '@/lib/i18n/page';
import { tableLabels } from '@/lib/i18n/labels';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.vendor.inquiriesTitle, robots: { index: false } };
}

export default async function VendorInquiriesPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const v = t.vendor;
  return (
    <>
      <h1 className="mb-2 text-3xl font-extrabold">{v.inquiriesTitle}</h1>
      <p className="mb-6 text-stone-700">{v.inquiriesLead}</p>
      <Suspense fallback={<p>{t.common.loading}</p>}>
        <InquiriesInbox
          locale={locale}
          labels={{
            caption: v.inquiriesTitle,
            part: v.part,
            quantity: v.quantity,
            message: v.message,
            status: v.status,
            received: v.received,
            reply: v.reply,
            replyTo: v.replyTo,
            send: v.send,
            sent: v.sent,
            answered: v.answered,
            all: t.workspace.all,
            busy: t.workspace.busy,
            fieldErrors: t.common.fieldErrors,
            statuses: v.inquiryStatus,
            table: tableLabels(t),
          }}
        />
      </Suspense>
    </>
  );
}
