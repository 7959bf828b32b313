'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { CarPhoto } from '@/components/cars/CarPhoto';
import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { Car } from '@/lib/api/types';
import { formatKes, formatKm } from '@/lib/format';
import { fill } from '@/lib/i18n/dictionary';

export interface ModerationLabels {
  none: string;
  approve: string;
  reject: string;
  reason: string;
  approved: string;
  rejected: string;
  forbidden: string;
  owner: string;
  loading: string;
  noPhoto: string;
}

async function pending(): Promise<Car[]> {
  return (await api.carsByStatus('pending')).data;
}

/** Pending listings, oldest first, each approved or rejected (with a reason) by an admin. */
export function CarModeration({ labels, loginHref }: { labels: ModerationLabels; loginHref: string }) {
  const { user } = useAuth();
  const router = useRouter();
  const [cars, setCars] = useState<Car[] | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [reasons, setReasons] = useState<Record<number, string>>({});

  const load = useCallback(() => pending().then(setCars), []);

  useEffect(() => {
    if (user === null) router.replace(loginHref);
    else if (user?.role === 'admin') void pending().then(setCars).catch(() => setCars([]));
  }, [user, router, loginHref]);

  async function decide(car: Car, approve: boolean) {
    setMessage(null);
    try {
      if (approve) await api.approveCar(car.id);
      else await api.rejectCar(car.id, (reasons[car.id] ?? '').trim());
      setMessage({ tone: 'success', text: fill(approve ? labels.approved : labels.rejected, { title: car.title }) });
      await load();
    } catch (caught) {
      setMessage({ tone: 'error', text: caught instanceof ApiError ? caught.message : String(caught) });
    }
  }

  if (user && user.role !== 'admin') return <Notice tone="error">{labels.forbidden}</Notice>;
  if (!cars) return <p aria-busy="true">{labels.loading}</p>;
  return (
    <div className="space-y-4">
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      {cars.length === 0 ? <p className="card p-6">{labels.none}</p> : null}
      <ul className="space-y-4">
        {cars.map((car) => (
          <li key={car.id} className="card grid gap-4 p-4 sm:grid-cols-[12rem_1fr]">
            <CarPhoto src={car.image_urls[0]} alt="" noPhoto={labels.noPhoto} className="rounded-lg" />
            <div>
              <h2 className="text-xl font-bold">{car.title}</h2>
              <p className="text-stone-700">
                {car.make} {car.model} · {car.year} · {formatKes(car.price)}
                {car.mileage_km !== null ? ` · ${formatKm(car.mileage_km)}` : ''}
              </p>
              <p className="text-sm text-stone-600">{fill(labels.owner, { id: car.owner_id })}</p>
              {car.description ? <p className="mt-2 line-clamp-3">{car.description}</p> : null}
              <div className="mt-3 flex flex-wrap items-end gap-3">
                <button type="button" className="btn-primary" onClick={() => void decide(car, true)} aria-label={`${labels.approve}: ${car.title}`}>
                  {labels.approve}
                </button>
                <div className="flex flex-wrap items-end gap-2">
                  <div>
                    <label htmlFor={`reason-${car.id}`} className="mb-1 block text-sm font-semibold">{fill(labels.reason, { title: car.title })}</label>
                    <input id={`reason-${car.id}`} className="input" maxLength={500} value={reasons[car.id] ?? ''} onChange={(event) => setReasons({ ...reasons, [car.id]: event.target.value })} />
                  </div>
                  <button type="button" className="btn-danger" disabled={!(reasons[car.id] ?? '').trim()} onClick={() => void decide(car, false)} aria-label={`${labels.reject}: ${car.title}`}>
                    {labels.reject}
                  </button>
                </div>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
