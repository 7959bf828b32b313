'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { PhotoPicker, type PhotoLabels } from '@/components/sell/PhotoPicker';
import { Field, describedBy } from '@/components/ui/Field';
import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import { type Car, type CarInput, FUELS, type Fuel, TRANSMISSIONS, type Transmission } from '@/lib/api/types';
import { fill } from '@/lib/i18n/dictionary';

export interface SellLabels extends PhotoLabels {
  titleField: string;
  titleHint: string;
  make: string;
  model: string;
  year: string;
  price: string;
  priceHint: string;
  mileage: string;
  fuel: string;
  transmission: string;
  location: string;
  locationHint: string;
  description: string;
  submit: string;
  submitting: string;
  waitUploads: string;
  pendingTitle: string;
  pendingBody: string;
  another: string;
  toAccount: string;
  editTitle: string;
  saveChanges: string;
  choose: string;
  fieldErrors: string;
  signIn: string;
  fuels: Record<Fuel, string>;
  transmissions: Record<Transmission, string>;
}

/** Turns the form into the API's body; optional fields are left out when empty. */
export function carInputFrom(data: FormData, images: string[]): CarInput {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const number = (name: string) => {
    const value = text(name).replace(/[,\s]/g, '');
    return value === '' ? Number.NaN : Number(value);
  };
  const input: CarInput = {
    title: text('title'),
    make: text('make'),
    model: text('model'),
    year: number('year'),
    price: number('price'),
    images,
  };
  const mileage = text('mileageKm');
  if (mileage) input.mileageKm = number('mileageKm');
  if (text('description')) input.description = text('description');
  if (text('fuel')) input.fuel = text('fuel') as Fuel;
  if (text('transmission')) input.transmission = text('transmission') as Transmission;
  if (text('location')) input.location = text('location');
  return input;
}

/** The sell form: photos upload as they are picked; API messages land on their fields. */
export function SellForm({ labels, accountHref, loginHref }: { labels: SellLabels; accountHref: string; loginHref: string }) {
  const { user } = useAuth();
  const router = useRouter();
  const search = useSearchParams();
  const editId = Number(search?.get('edit')) || null;
  const [editing, setEditing] = useState<Car | null>(null);
  const [images, setImages] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [done, setDone] = useState<Car | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (user === null) router.replace(loginHref);
  }, [user, router, loginHref]);

  useEffect(() => {
    if (!editId || !user) return;
    let live = true;
    api.getCar(editId).then((car) => live && setEditing(car)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [editId, user]);

  const onPhotos = useCallback((keys: string[], busyUploading: boolean) => {
    setImages(keys);
    setUploading(busyUploading);
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (uploading) {
      setError(labels.waitUploads);
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    const input = carInputFrom(new FormData(event.currentTarget), images);
    try {
      const car = editing ? await api.updateCar(editing.id, input) : await api.createCar(input);
      setDone(car);
      window.scrollTo({ top: 0 });
    } catch (caught) {
      if (caught instanceof ApiError) {
        const byField = caught.fieldErrors();
        setFields(byField);
        setError(Object.keys(byField).length ? labels.fieldErrors : caught.message);
        const first = Object.keys(byField)[0];
        const target = first ? formRef.current?.querySelector<HTMLElement>(`[name="${first === 'images' ? 'photos' : first}"]`) : null;
        target?.focus();
      } else {
        setError(String(caught));
      }
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <div className="card space-y-4 p-6">
        <Notice tone="success" title={labels.pendingTitle}>
          {fill(labels.pendingBody, { title: done.title })}
        </Notice>
        <div className="flex flex-wrap gap-3">
          <Link href={accountHref} className="btn-primary">{labels.toAccount}</Link>
          <button type="button" className="btn-secondary" onClick={() => { setDone(null); setEditing(null); setImages([]); }}>
            {labels.another}
          </button>
        </div>
      </div>
    );
  }

  if (!user || (editId && !editing)) {
    return <p className="card p-6 text-stone-700" aria-busy="true">…</p>;
  }

  const car = editing;
  const input = (name: string, hint?: string) => ({ id: name, name, className: 'input', ...describedBy(name, hint, fields[name]) });
  return (
    <form ref={formRef} key={car?.id ?? 'new'} onSubmit={(event) => void submit(event)} noValidate className="card grid gap-4 p-6 sm:grid-cols-2">
      {car ? <h2 className="text-xl font-bold sm:col-span-2">{labels.editTitle}</h2> : null}
      {error ? (
        <div className="sm:col-span-2">
          <Notice tone="error">{error}</Notice>
        </div>
      ) : null}
      <Field id="title" label={labels.titleField} hint={labels.titleHint} error={fields.title} className="sm:col-span-2">
        <input {...input('title', labels.titleHint)} required maxLength={200} defaultValue={car?.title} />
      </Field>
      <Field id="make" label={labels.make} error={fields.make}>
        <input {...input('make')} required maxLength={80} defaultValue={car?.make} autoComplete="off" />
      </Field>
      <Field id="model" label={labels.model} error={fields.model}>
        <input {...input('model')} required maxLength={80} defaultValue={car?.model} autoComplete="off" />
      </Field>
      <Field id="year" label={labels.year} error={fields.year}>
        <input {...input('year')} type="number" inputMode="numeric" required min={1950} max={2100} defaultValue={car?.year} />
      </Field>
      <Field id="price" label={labels.price} hint={labels.priceHint} error={fields.price}>
        <input {...input('price', labels.priceHint)} inputMode="numeric" required defaultValue={car ? Number(car.price) : undefined} />
      </Field>
      <Field id="mileageKm" label={labels.mileage} error={fields.mileageKm}>
        <input {...input('mileageKm')} inputMode="numeric" defaultValue={car?.mileage_km ?? undefined} />
      </Field>
      <Field id="location" label={labels.location} hint={labels.locationHint} error={fields.location}>
        <input {...input('location', labels.locationHint)} maxLength={80} defaultValue={car?.location ?? undefined} autoComplete="address-level2" />
      </Field>
      <Field id="fuel" label={labels.fuel} error={fields.fuel}>
        <select {...input('fuel')} defaultValue={car?.fuel ?? ''}>
          <option value="">{labels.choose}</option>
          {FUELS.map((fuel) => <option key={fuel} value={fuel}>{labels.fuels[fuel]}</option>)}
        </select>
      </Field>
      <Field id="transmission" label={labels.transmission} error={fields.transmission}>
        <select {...input('transmission')} defaultValue={car?.transmission ?? ''}>
          <option value="">{labels.choose}</option>
          {TRANSMISSIONS.map((item) => <option key={item} value={item}>{labels.transmissions[item]}</option>)}
        </select>
      </Field>
      <Field id="description" label={labels.description} error={fields.description} className="sm:col-span-2">
        <textarea {...input('description')} rows={5} maxLength={5000} defaultValue={car?.description ?? undefined} />
      </Field>
      <div className="sm:col-span-2">
        <PhotoPicker
          labels={labels}
          error={fields.images}
          initial={car ? car.images.map((key, index) => ({ key, url: car.image_urls[index] ?? '' })) : []}
          onChange={onPhotos}
        />
      </div>
      <div className="sm:col-span-2">
        <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy} aria-busy={busy}>
          {busy ? labels.submitting : car ? labels.saveChanges : labels.submit}
        </button>
      </div>
    </form>
  );
}
