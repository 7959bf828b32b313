'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { type BreakdownLabels, CostBreakdown } from '@/components/imports/CostBreakdown';
import { Timeline } from '@/components/imports/Timeline';
import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { ImportRequest, ImportStatus } from '@/lib/api/types';
import { formatDate } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';

export interface ImportDetailLabels extends BreakdownLabels {
  status: string;
  timeline: string;
  noEvents: string;
  requestedOn: string;
  notYours: string;
  loading: string;
  statuses: Record<ImportStatus, string>;
  countries: Record<string, string>;
}

/** One import request (its owner's view): status, timeline and the estimate it was made with. */
export function ImportDetail({ id, locale, labels, loginHref }: { id: number; locale: Locale; labels: ImportDetailLabels; loginHref: string }) {
  const { user } = useAuth();
  const router = useRouter();
  const [request, setRequest] = useState<ImportRequest | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (user === null) {
      router.replace(loginHref);
      return;
    }
    if (!user) return;
    let live = true;
    api
      .getImport(id)
      .then((found) => live && setRequest(found))
      .catch((caught) => live && setError(caught instanceof ApiError && caught.status === 404 ? labels.notYours : String(caught)));
    return () => {
      live = false;
    };
  }, [id, user, router, loginHref, labels.notYours]);

  if (error) return <Notice tone="error">{error}</Notice>;
  if (!request) return <p aria-busy="true">{labels.loading}</p>;
  const specs = request.specs;
  return (
    <div className="space-y-8">
      <div className="card p-6">
        <p className="text-lg font-semibold">
          {[specs.make, specs.model, specs.year].filter(Boolean).join(' ')} · {labels.countries[specs.origin_country] ?? specs.origin_country}
        </p>
        <p className="mt-1">
          {labels.status}: <span className="font-semibold">{labels.statuses[request.status]}</span>
        </p>
        <p className="text-sm text-stone-700">{fill(labels.requestedOn, { date: formatDate(request.created_at, locale) })}</p>
      </div>
      <Timeline status={request.status} events={request.timeline} locale={locale} labels={labels} />
      <section className="card p-6" aria-label={labels.breakdown}>
        <CostBreakdown estimate={request} labels={labels} />
      </section>
    </div>
  );
}
