'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';

import { PhotoPicker, type PhotoLabels } from '@/components/sell/PhotoPicker';
import { Notice } from '@/components/ui/Notice';
import { ActionForm, TextField, useFieldError } from '@/components/workspace/ActionForm';
import { api } from '@/lib/api/browser';
import type { ContentEntry, Fitment, Part } from '@/lib/api/types';
import { fill } from '@/lib/i18n/dictionary';
import { fitmentText } from './PartsTable';

export interface PartEditorLabels extends PhotoLabels {
  waitUploads: string;
  name: string;
  sku: string;
  price: string;
  stock: string;
  create: string;
  created: string;
  save: string;
  saved: string;
  remove: string;
  deleted: string;
  compatibility: string;
  compatibilityLead: string;
  make: string;
  model: string;
  anyModel: string;
  yearFrom: string;
  yearTo: string;
  addFit: string;
  removeFit: string;
  noFits: string;
  busy: string;
  fieldErrors: string;
  loading: string;
}

interface Catalogue {
  makes: { id: string; name: string }[];
  models: { make: string | null; name: string }[];
}

/** As many as the API takes (parts/schemas.py MAX_PART_IMAGES). */
const MAX_PART_PHOTOS = 8;
const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: THIS_YEAR + 1 - 1980 + 1 }, (_, index) => THIS_YEAR + 1 - index);

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function makeOf(entry: ContentEntry): string | null {
  const make = entry.data.make;
  return make && typeof make === 'object' ? text((make as Record<string, unknown>).documentId) : null;
}

async function loadCatalogue(): Promise<Catalogue> {
  const [makes, models] = await Promise.all([api.catalogue('vehicle-makes'), api.catalogue('vehicle-models')]);
  return {
    makes: makes.data
      .map((entry) => ({ id: entry.document_id, name: text(entry.data.name) ?? '' }))
      .filter((make) => make.name)
      .sort((a, b) => a.name.localeCompare(b.name)),
    models: models.data.map((entry) => ({ make: makeOf(entry), name: text(entry.data.name) ?? '' })).filter((model) => model.name),
  };
}

/**
 * The compatibility editor: a make and model picked from the catalogue (or typed, the
 * sidecar flags nothing here: parts fit what the vendor says), optionally a year range.
 */
function CompatibilityEditor({ fits, onChange, labels }: { fits: Fitment[]; onChange: (fits: Fitment[]) => void; labels: PartEditorLabels }) {
  const [catalogue, setCatalogue] = useState<Catalogue>({ makes: [], models: [] });
  const [make, setMake] = useState('');
  const [model, setModel] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  useEffect(() => {
    loadCatalogue()
      .then(setCatalogue)
      .catch(() => setCatalogue({ makes: [], models: [] }));
  }, []);

  const makeId = catalogue.makes.find((entry) => entry.name.toLowerCase() === make.trim().toLowerCase())?.id;
  const models = catalogue.models.filter((entry) => makeId && entry.make === makeId);

  function onEnter(event: React.KeyboardEvent<HTMLInputElement>) {
    // Enter in the picker adds the car (rather than submitting the part).
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  }

  function add() {
    if (!make.trim()) return;
    const start = Number(from) || Number(to);
    const end = Number(to) || Number(from);
    const years = start && end ? Array.from({ length: Math.abs(end - start) + 1 }, (_, index) => Math.min(start, end) + index) : null;
    onChange([...fits, { make: make.trim(), model: model.trim() || null, years }]);
    setModel('');
    setFrom('');
    setTo('');
  }

  return (
    <fieldset className="card space-y-3 p-4">
      <legend className="px-1 font-semibold">{labels.compatibility}</legend>
      <p className="text-sm text-stone-700">{labels.compatibilityLead}</p>
      {fits.length ? (
        <ul className="flex flex-wrap gap-2" aria-live="polite">
          {fits.map((fit, index) => (
            <li key={`${fitmentText(fit)}-${index}`} className="flex items-center gap-1 rounded-full border border-stone-300 bg-stone-50 py-1 pl-3 pr-1 text-sm">
              {fitmentText(fit)}
              <button
                type="button"
                className="btn min-h-8 px-2 text-red-800"
                aria-label={fill(labels.removeFit, { fit: fitmentText(fit) })}
                onClick={() => onChange(fits.filter((_, other) => other !== index))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm" aria-live="polite">{labels.noFits}</p>
      )}
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="fit-make" className="mb-1 block text-sm font-semibold">{labels.make}</label>
          <input id="fit-make" className="input" list="fit-makes" value={make} onChange={(event) => setMake(event.target.value)} onKeyDown={onEnter} autoComplete="off" maxLength={80} />
          <datalist id="fit-makes">
            {catalogue.makes.map((entry) => (
              <option key={entry.id} value={entry.name} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor="fit-model" className="mb-1 block text-sm font-semibold">{labels.model}</label>
          <input id="fit-model" className="input" list="fit-models" value={model} placeholder={labels.anyModel} onChange={(event) => setModel(event.target.value)} onKeyDown={onEnter} autoComplete="off" maxLength={80} />
          <datalist id="fit-models">
            {models.map((entry) => (
              <option key={entry.name} value={entry.name} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor="fit-from" className="mb-1 block text-sm font-semibold">{labels.yearFrom}</label>
          <select id="fit-from" className="input" value={from} onChange={(event) => setFrom(event.target.value)}>
            <option value="">—</option>
            {YEARS.map((year) => (
              <option key={year} value={year}>{year}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="fit-to" className="mb-1 block text-sm font-semibold">{labels.yearTo}</label>
          <select id="fit-to" className="input" value={to} onChange={(event) => setTo(event.target.value)}>
            <option value="">—</option>
            {YEARS.map((year) => (
              <option key={year} value={year}>{year}</option>
            ))}
          </select>
        </div>
        <button type="button" className="btn-secondary" onClick={add} disabled={!make.trim()}>
          {labels.addFit}
        </button>
      </div>
    </fieldset>
  );
}

/** The photo picker inside the part's form, showing the API's message for ``images``. */
function PartPhotos({ part, labels, onChange }: { part: Part | null; labels: PartEditorLabels; onChange: (keys: string[], busy: boolean) => void }) {
  const error = useFieldError('images');
  return (
    <PhotoPicker
      labels={labels}
      error={error}
      max={MAX_PART_PHOTOS}
      initial={part ? part.images.map((key, index) => ({ key, url: part.image_urls[index] ?? '' })) : []}
      onChange={onChange}
    />
  );
}

/** Adds a part (no ``partId``) or edits one: name, SKU, price, stock and the cars it fits. */
export function PartEditor({ partId, labels, listHref }: { partId?: number; labels: PartEditorLabels; listHref: string }) {
  const router = useRouter();
  const [part, setPart] = useState<Part | null | undefined>(partId ? undefined : null);
  const [fits, setFits] = useState<Fitment[]>([]);
  const [photos, setPhotos] = useState<{ keys: string[]; uploading: boolean }>({ keys: [], uploading: false });
  const [error, setError] = useState<string | null>(null);
  const onPhotos = useCallback((keys: string[], uploading: boolean) => setPhotos({ keys, uploading }), []);

  useEffect(() => {
    if (!partId) return;
    api
      .getPart(partId)
      .then((found) => {
        setPart(found);
        setFits(found.compatibility);
      })
      .catch((caught: unknown) => setError(String(caught instanceof Error ? caught.message : caught)));
  }, [partId]);

  if (error) return <Notice tone="error">{error}</Notice>;
  if (part === undefined) return <p aria-busy="true">{labels.loading}</p>;

  const formLabels = { busy: labels.busy, fieldErrors: labels.fieldErrors };
  return (
    <div className="space-y-6">
      <ActionForm
        className="card space-y-4 p-6"
        submitLabel={part ? labels.save : labels.create}
        labels={formLabels}
        onSubmit={async (data) => {
          // Sending now would save the part without the photos still on their way.
          if (photos.uploading) throw new Error(labels.waitUploads);
          const input = {
            name: String(data.get('name') ?? '').trim(),
            sku: String(data.get('sku') ?? '').trim(),
            price: Number(data.get('price')),
            stock: Number(data.get('stock')),
            compatibility: fits.map((fit) => ({ make: fit.make, model: fit.model || null, years: fit.years?.length ? fit.years : null })),
            images: photos.keys,
          };
          if (part) {
            const saved = await api.updatePart(part.id, input);
            setPart(saved);
            return labels.saved;
          }
          const created = await api.createPart(input);
          router.push(`${listHref}/${created.id}`);
          return fill(labels.created, { name: created.name });
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField name="name" label={labels.name} required maxLength={200} defaultValue={part?.name} />
          <TextField name="sku" label={labels.sku} required maxLength={64} defaultValue={part?.sku} autoComplete="off" />
          <TextField name="price" label={labels.price} type="number" min={1} step="0.01" required defaultValue={part?.price} />
          <TextField name="stock" label={labels.stock} type="number" min={0} required defaultValue={part?.stock ?? 0} />
        </div>
        <CompatibilityEditor fits={fits} onChange={setFits} labels={labels} />
        <PartPhotos part={part} labels={labels} onChange={onPhotos} />
      </ActionForm>
      {part ? (
        <ActionForm
          submitLabel={labels.remove}
          buttonClassName="btn-danger"
          labels={formLabels}
          onSubmit={async () => {
            await api.deletePart(part.id);
            router.push(listHref);
            return labels.deleted;
          }}
        />
      ) : null}
    </div>
  );
}
