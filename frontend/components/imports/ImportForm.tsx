'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { type BreakdownLabels, CostBreakdown } from '@/components/imports/CostBreakdown';
import { Field, describedBy } from '@/components/ui/Field';
import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { CrspRow, ImportEstimate, ImportSpecsInput } from '@/lib/api/types';
import { ORIGINS, crspLabel } from '@/lib/imports';

export interface ImportLabels extends BreakdownLabels {
  make: string;
  model: string;
  modelHint: string;
  year: string;
  origin: string;
  budget: string;
  budgetHint: string;
  estimate: string;
  estimating: string;
  request: string;
  requesting: string;
  signInToRequest: string;
  fieldErrors: string;
  countries: Record<string, string>;
}

/** Reads the form into the API's specs: the CRSP row picked in the type-ahead, or the names typed. */
export function specsFrom(data: FormData, row: CrspRow | null): ImportSpecsInput {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const number = (name: string) => Number(text(name).replace(/[,\s]/g, '') || Number.NaN);
  const base = { year: number('year'), originCountry: text('originCountry'), budget: number('budget') };
  if (row) return { crspId: row.id, ...base };
  return { make: text('make'), model: text('model'), ...base };
}

/** Estimate, then request: the landed cost for anyone, the request for the signed-in. */
export function ImportForm({ labels, loginHref, detailBase }: { labels: ImportLabels; loginHref: string; detailBase: string }) {
  const { user } = useAuth();
  const router = useRouter();
  const search = useSearchParams();
  const [make, setMake] = useState(search?.get('make') ?? '');
  const [model, setModel] = useState(search?.get('model') ?? '');
  const [rows, setRows] = useState<CrspRow[]>([]);
  const [estimate, setEstimate] = useState<ImportEstimate | null>(null);
  const [specs, setSpecs] = useState<ImportSpecsInput | null>(null);
  const [busy, setBusy] = useState<'estimate' | 'request' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const resultRef = useRef<HTMLHeadingElement>(null);

  // The CRSP type-ahead: rows of this make whose model matches the words typed.
  useEffect(() => {
    if (make.trim().length < 2) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .searchCrsp(make.trim(), model.trim(), controller.signal)
        .then((page) => setRows(page.data))
        .catch(() => setRows([]));
    }, 250);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [make, model]);

  const chosen = useMemo(() => rows.find((row) => crspLabel(row) === model) ?? null, [rows, model]);

  function fail(caught: unknown) {
    if (caught instanceof ApiError) {
      const byField = caught.fieldErrors();
      setFields(byField);
      setError(Object.keys(byField).length ? labels.fieldErrors : caught.message);
    } else {
      setError(String(caught));
    }
  }

  async function onEstimate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = specsFrom(new FormData(event.currentTarget), chosen);
    setBusy('estimate');
    setError(null);
    setFields({});
    try {
      const result = await api.estimateImport(next);
      setEstimate(result);
      setSpecs(next);
      window.requestAnimationFrame(() => resultRef.current?.focus());
    } catch (caught) {
      setEstimate(null);
      fail(caught);
    } finally {
      setBusy(null);
    }
  }

  async function onRequest() {
    if (!specs) return;
    setBusy('request');
    setError(null);
    try {
      const created = await api.requestImport(specs);
      router.push(`${detailBase}/${created.id}`);
    } catch (caught) {
      setBusy(null);
      fail(caught);
    }
  }

  const field = (name: string, hint?: string) => ({ id: name, name, className: 'input', ...describedBy(name, hint, fields[name]) });
  return (
    <div className="space-y-6">
      <form onSubmit={(event) => void onEstimate(event)} noValidate className="card grid gap-4 p-6 sm:grid-cols-2">
        {error ? (
          <div className="sm:col-span-2">
            <Notice tone="error">{error}</Notice>
          </div>
        ) : null}
        <Field id="make" label={labels.make} error={fields.make}>
          <input {...field('make')} required value={make} onChange={(event) => setMake(event.target.value)} autoComplete="off" />
        </Field>
        <Field id="model" label={labels.model} hint={labels.modelHint} error={fields.model ?? fields.crspId}>
          <input
            {...field('model', labels.modelHint)}
            required
            list="crsp-models"
            value={model}
            onChange={(event) => setModel(event.target.value)}
            autoComplete="off"
          />
          <datalist id="crsp-models">
            {rows.map((row) => <option key={row.id} value={crspLabel(row)} />)}
          </datalist>
        </Field>
        <Field id="year" label={labels.year} error={fields.year}>
          <input {...field('year')} type="number" inputMode="numeric" required min={1990} max={2100} defaultValue={search?.get('year') ?? ''} />
        </Field>
        <Field id="originCountry" label={labels.origin} error={fields.originCountry}>
          <select {...field('originCountry')} defaultValue="Japan">
            {ORIGINS.map((origin) => <option key={origin} value={origin}>{labels.countries[origin] ?? origin}</option>)}
          </select>
        </Field>
        <Field id="budget" label={labels.budget} hint={labels.budgetHint} error={fields.budget} className="sm:col-span-2">
          <input {...field('budget', labels.budgetHint)} inputMode="numeric" required />
        </Field>
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy !== null} aria-busy={busy === 'estimate'}>
            {busy === 'estimate' ? labels.estimating : labels.estimate}
          </button>
        </div>
      </form>

      {estimate ? (
        <section className="card p-6" aria-labelledby="estimate-title">
          <h2 id="estimate-title" ref={resultRef} tabIndex={-1} className="mb-4 text-2xl font-bold">{labels.breakdown}</h2>
          <CostBreakdown estimate={estimate} labels={labels} />
          <div className="mt-6">
            {user ? (
              <button type="button" className="btn-primary" onClick={() => void onRequest()} disabled={busy !== null} aria-busy={busy === 'request'}>
                {busy === 'request' ? labels.requesting : labels.request}
              </button>
            ) : (
              <a href={loginHref} className="btn-primary">{labels.signInToRequest}</a>
            )}
          </div>
        </section>
      ) : null}
    </div>
  );
}
