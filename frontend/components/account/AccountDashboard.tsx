'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { ProfileForm, type ProfileLabels } from '@/components/account/ProfileForm';
import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { Car, CarStatus, ImportRequest, ImportStatus, Inquiry, Notification, Order, OrderStatus } from '@/lib/api/types';
import { formatDate, formatDateTime, formatKes } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';

export interface AccountLabels extends ProfileLabels {
  sections: string;
  listings: string;
  orders: string;
  imports: string;
  inquiries: string;
  notifications: string;
  profile: string;
  noListings: string;
  noOrders: string;
  noImports: string;
  noInquiries: string;
  noNotifications: string;
  edit: string;
  withdraw: string;
  withdrawConfirm: string;
  pay: string;
  cancel: string;
  view: string;
  answer: string;
  awaiting: string;
  rejectedReason: string;
  loading: string;
  orderStatus: Record<OrderStatus, string>;
  inquiryStatus: Record<Inquiry['status'], string>;
  carStatus: Record<CarStatus, string>;
  importStatus: Record<ImportStatus, string>;
}

interface Data {
  cars: Car[];
  orders: Order[];
  imports: ImportRequest[];
  inquiries: Inquiry[];
  notifications: Notification[];
}

async function fetchAll(): Promise<Data> {
  const [cars, orders, imports, inquiries, notifications] = await Promise.all([
    settle(api.myCars()),
    settle(api.myOrders()),
    settle(api.myImports()),
    settle(api.myInquiries()),
    settle(api.notifications()),
  ]);
  return { cars, orders, imports, inquiries, notifications };
}

const EMPTY: Data = { cars: [], orders: [], imports: [], inquiries: [], notifications: [] };

async function settle<T>(promise: Promise<{ data: T[] }>): Promise<T[]> {
  try {
    return (await promise).data;
  } catch {
    return [];
  }
}

/** Everything of the signed-in user, read in the browser with their token. */
export function AccountDashboard({ locale, labels, paths }: { locale: Locale; labels: AccountLabels; paths: { login: string; sell: string; cars: string; checkout: string; imports: string } }) {
  const { user, setUser } = useAuth();
  const router = useRouter();
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => fetchAll().then(setData), []);

  useEffect(() => {
    if (user === null) {
      router.replace(`${paths.login}?next=${encodeURIComponent(window.location.pathname)}`);
      return;
    }
    if (user) void fetchAll().then(setData);
  }, [user, router, paths.login]);

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }

  if (!user || !data) return <p aria-busy="true">{labels.loading}</p>;
  const { cars, orders, imports, inquiries, notifications } = data ?? EMPTY;
  const sections: [string, string][] = [
    ['listings', labels.listings],
    ['orders', labels.orders],
    ['imports', labels.imports],
    ['inquiries', labels.inquiries],
    ['notifications', labels.notifications],
    ['profile', labels.profile],
  ];

  return (
    <div className="space-y-8">
      <nav aria-label={labels.sections}>
        <ul className="flex flex-wrap gap-2">
          {sections.map(([id, label]) => (
            <li key={id}><a href={`#${id}`} className="btn-secondary">{label}</a></li>
          ))}
        </ul>
      </nav>
      {error ? <Notice tone="error">{error}</Notice> : null}

      <section id="listings" aria-labelledby="listings-title" className="card p-6">
        <h2 id="listings-title" className="mb-3 text-2xl font-bold">{labels.listings}</h2>
        {cars.length === 0 ? <p>{labels.noListings}</p> : null}
        <ul className="divide-y divide-stone-200">
          {cars.map((car) => (
            <li key={car.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                {car.status === 'active' || car.status === 'reserved' || car.status === 'sold' ? (
                  <Link href={`${paths.cars}/${car.id}`} className="font-semibold underline">{car.title}</Link>
                ) : (
                  <span className="font-semibold">{car.title}</span>
                )}
                <p className="text-sm text-stone-700">
                  {formatKes(car.price)} · <span data-testid={`car-status-${car.id}`}>{labels.carStatus[car.status]}</span>
                </p>
                {car.status === 'rejected' && car.rejection_reason ? (
                  <p className="text-sm text-red-800">{fill(labels.rejectedReason, { reason: car.rejection_reason })}</p>
                ) : null}
              </div>
              <div className="flex gap-2">
                {car.status !== 'sold' && car.status !== 'reserved' ? (
                  <Link href={`${paths.sell}?edit=${car.id}`} className="btn-secondary" aria-label={`${labels.edit}: ${car.title}`}>{labels.edit}</Link>
                ) : null}
                {car.status !== 'sold' && car.status !== 'reserved' ? (
                  <button
                    type="button"
                    className="btn-danger"
                    aria-label={`${labels.withdraw}: ${car.title}`}
                    onClick={() => {
                      if (window.confirm(fill(labels.withdrawConfirm, { title: car.title }))) void act(() => api.deleteCar(car.id));
                    }}
                  >
                    {labels.withdraw}
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section id="orders" aria-labelledby="orders-title" className="card p-6">
        <h2 id="orders-title" className="mb-3 text-2xl font-bold">{labels.orders}</h2>
        {orders.length === 0 ? <p>{labels.noOrders}</p> : null}
        <ul className="divide-y divide-stone-200">
          {orders.map((order) => (
            <li key={order.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="font-semibold">{order.items.map((item) => item.title).join(', ')}</p>
                <p className="text-sm text-stone-700">
                  {order.number ?? `#${order.id}`} · {formatKes(order.total)} · {labels.orderStatus[order.status]} · {formatDate(order.created_at, locale)}
                </p>
              </div>
              <div className="flex gap-2">
                {order.status === 'pending' ? (
                  <>
                    <Link href={`${paths.checkout}/${order.id}`} className="btn-primary">{labels.pay}</Link>
                    <button type="button" className="btn-danger" onClick={() => void act(() => api.cancelOrder(order.id))}>{labels.cancel}</button>
                  </>
                ) : (
                  <Link href={`${paths.checkout}/${order.id}`} className="btn-secondary">{labels.view}</Link>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section id="imports" aria-labelledby="imports-title" className="card p-6">
        <h2 id="imports-title" className="mb-3 text-2xl font-bold">{labels.imports}</h2>
        {imports.length === 0 ? <p>{labels.noImports}</p> : null}
        <ul className="divide-y divide-stone-200">
          {imports.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <Link href={`${paths.imports}/${item.id}`} className="font-semibold underline">
                  {[item.specs.make, item.specs.model, item.specs.year].filter(Boolean).join(' ')}
                </Link>
                <p className="text-sm text-stone-700">{formatKes(item.estimated_cost)} · {labels.importStatus[item.status]}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section id="inquiries" aria-labelledby="inquiries-title" className="card p-6">
        <h2 id="inquiries-title" className="mb-3 text-2xl font-bold">{labels.inquiries}</h2>
        {inquiries.length === 0 ? <p>{labels.noInquiries}</p> : null}
        <ul className="divide-y divide-stone-200">
          {inquiries.map((inquiry) => (
            <li key={inquiry.id} className="py-3">
              <p className="font-semibold">{inquiry.part_name} · {labels.inquiryStatus[inquiry.status]}</p>
              <p className="text-stone-800">“{inquiry.message}”</p>
              <p className="text-sm text-stone-700">
                {inquiry.response_message ? fill(labels.answer, { answer: inquiry.response_message }) : labels.awaiting}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section id="notifications" aria-labelledby="notifications-title" className="card p-6">
        <h2 id="notifications-title" className="mb-3 text-2xl font-bold">{labels.notifications}</h2>
        {notifications.length === 0 ? <p>{labels.noNotifications}</p> : null}
        <ul className="divide-y divide-stone-200">
          {notifications.slice(0, 20).map((note) => (
            <li key={note.id} className="py-3">
              <p className="text-sm text-stone-700">{formatDateTime(note.created_at, locale)} · {note.channel}</p>
              <p className="whitespace-pre-line">{note.subject ? `${note.subject}: ` : ''}{note.body}</p>
            </li>
          ))}
        </ul>
      </section>

      <section id="profile" aria-labelledby="profile-title" className="card p-6">
        <h2 id="profile-title" className="mb-3 text-2xl font-bold">{labels.profile}</h2>
        <ProfileForm user={user} labels={labels} locale={locale} onSaved={setUser} />
      </section>
    </div>
  );
}
