'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';

import { type BreakdownLabels, CostBreakdown } from '@/components/imports/CostBreakdown';
import { Timeline } from '@/components/imports/Timeline';
import { Notice } from '@/components/ui/Notice';
import { ActionForm, SelectField, TextAreaField } from '@/components/workspace/ActionForm';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { ImportRequest, ImportStatus } from '@/lib/api/types';
import { formatKes } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';
import { carOf } from './AssignedImports';

export interface ImportWorkLabels extends BreakdownLabels {
  detailTitle: string;
  specs: string;
  car: string;
  year: string;
  engine: string;
  fuel: string;
  budget: string;
  origin: string;
  estimate: string;
  status: string;
  timeline: string;
  noEvents: string;
  move: string;
  nextStatus: string;
  note: string;
  noteHint: string;
  submit: string;
  moved: string;
  noMoves: string;
  busy: string;
  fieldErrors: string;
  loading: string;
  notYours: string;
  back: string;
  statuses: Record<ImportStatus, string>;
  countries: Record<string, string>;
}

/** One assigned import: the customer's specs and estimate, its timeline, and the next legal move. */
export function ImportWork({ id, locale, labels, backHref }: { id: number; locale: Locale; labels: ImportWorkLabels; backHref: string }) {
  const [request, setRequest] = useState<ImportRequest | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api
        .getImport(id)
        .then(setRequest)
        .catch((caught: unknown) => setError(caught instanceof ApiError && caught.status === 404 ? labels.notYours : String(caught))),
    [id, labels.notYours],
  );

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <Notice tone="error">{error}</Notice>;
  if (!request) return <p aria-busy="true">{labels.loading}</p>;
  const specs = request.specs;
  const moves = request.next_statuses ?? [];
  const facts: [string, string][] = [
    [labels.car, carOf(request)],
    [labels.engine, specs.engine_cc ? `${specs.engine_cc} cc` : '—'],
    [labels.fuel, specs.fuel ?? '—'],
    [labels.origin, labels.countries[specs.origin_country] ?? specs.origin_country],
    [labels.budget, formatKes(specs.budget)],
    [labels.estimate, formatKes(request.estimated_cost)],
    [labels.status, labels.statuses[request.status]],
  ];
  return (
    <div className="space-y-8">
      <Link href={backHref} className="underline">
        {labels.back}
      </Link>
      <section aria-labelledby="specs" className="card p-6">
        <h2 id="specs" className="mb-3 text-2xl font-bold">{labels.specs}</h2>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-2">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt className="text-sm text-stone-700">{term}</dt>
              <dd className="font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="move" className="card p-6">
        <h2 id="move" className="mb-3 text-2xl font-bold">{labels.move}</h2>
        {moves.length ? (
          <ActionForm
            submitLabel={labels.submit}
            labels={{ busy: labels.busy, fieldErrors: labels.fieldErrors }}
            resetOnSuccess
            onSubmit={async (data) => {
              const moved = await api.changeImportStatus(request.id, String(data.get('status')), String(data.get('note') ?? '').trim());
              setRequest(moved);
              return fill(labels.moved, { status: labels.statuses[moved.status] });
            }}
          >
            <SelectField
              name="status"
              label={labels.nextStatus}
              options={moves.map((status) => ({ value: status, label: labels.statuses[status] }))}
            />
            <TextAreaField name="note" label={labels.note} hint={labels.noteHint} maxLength={1000} rows={3} />
          </ActionForm>
        ) : (
          <p>{fill(labels.noMoves, { status: labels.statuses[request.status] })}</p>
        )}
      </section>
      <Timeline status={request.status} events={request.timeline} locale={locale} labels={labels} />
      <CostBreakdown estimate={request} labels={labels} />
    </div>
  );
}
