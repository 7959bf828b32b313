'use client';

import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { Field, describedBy } from '@/components/ui/Field';
import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { Order, Payment, PaymentStarted } from '@/lib/api/types';
import { latestPayment, type PaymentStage, paymentStage } from '@/lib/checkout';
import { formatDateTime, formatKes } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';

const StripeCard = dynamic(() => import('@/components/checkout/StripeCard').then((module) => module.StripeCard), {
  ssr: false,
});

export interface CheckoutLabels {
  order: string;
  items: string;
  total: string;
  due: string;
  deposit: string;
  holdUntil: string;
  method: string;
  mpesa: string;
  card: string;
  phone: string;
  phoneHint: string;
  pay: string;
  paying: string;
  checkPhone: string;
  checkPhoneBody: string;
  cardProcessing: string;
  paid: string;
  paidBody: string;
  receipt: string;
  failed: string;
  tryAgain: string;
  cancelOrder: string;
  cancelled: string;
  expired: string;
  refunded: string;
  fulfilled: string;
  cardUnavailable: string;
  cardDetails: string;
  notFound: string;
  loading: string;
}

// The sidecar's simulated payments settle in about 3 s; Daraja's prompt in 10-60 s.
const POLL_MS = 2500;

export function Checkout({
  orderId,
  locale,
  labels,
  loginHref,
  stripeKey,
  simulated,
}: {
  orderId: number;
  locale: Locale;
  labels: CheckoutLabels;
  loginHref: string;
  stripeKey: string | null;
  simulated: boolean;
}) {
  const { user } = useAuth();
  const router = useRouter();
  const [order, setOrder] = useState<Order | null>(null);
  const [payments, setPayments] = useState<Payment[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [method, setMethod] = useState<'mpesa' | 'card'>('mpesa');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [started, setStarted] = useState<PaymentStarted | null>(null);
  const [retrying, setRetrying] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);
  const cardOffered = Boolean(stripeKey) || simulated;

  const fetchState = useCallback(
    () => Promise.all([api.getOrder(orderId), api.payments(orderId).catch(() => null)]),
    [orderId],
  );
  const apply = useCallback(([nextOrder, nextPayments]: [Order, { data: Payment[] } | null]) => {
    setOrder(nextOrder);
    if (nextPayments) setPayments(nextPayments.data);
  }, []);
  const load = useCallback(() => fetchState().then(apply), [fetchState, apply]);

  useEffect(() => {
    if (user === null) {
      router.replace(loginHref);
      return;
    }
    if (!user) return;
    fetchState()
      .then(apply)
      .catch((caught) => setLoadError(caught instanceof ApiError && caught.status === 404 ? labels.notFound : String(caught)));
  }, [user, fetchState, apply, router, loginHref, labels.notFound]);

  const stage: PaymentStage = order ? paymentStage(order, latestPayment(payments), { retrying }) : 'loading';

  // Live status: poll while a payment is in flight, until paid or failed.
  useEffect(() => {
    if (stage !== 'waiting') return;
    const timer = window.setInterval(() => void fetchState().then(apply).catch(() => undefined), POLL_MS);
    return () => window.clearInterval(timer);
  }, [stage, fetchState, apply]);

  useEffect(() => {
    if (stage === 'paid' || stage === 'failed') statusRef.current?.focus();
  }, [stage]);

  async function payByMpesa(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const phone = String(new FormData(event.currentTarget).get('phone') ?? '').trim();
    setBusy(true);
    setError(null);
    setFieldError(undefined);
    try {
      setStarted(await api.payByMpesa(orderId, phone));
      setRetrying(false);
      await load();
    } catch (caught) {
      if (caught instanceof ApiError) {
        const fields = caught.fieldErrors();
        setFieldError(fields.phone);
        setError(fields.phone ? null : caught.message);
      } else {
        setError(String(caught));
      }
    } finally {
      setBusy(false);
    }
  }

  async function payByCard() {
    setBusy(true);
    setError(null);
    try {
      const payment = await api.payByCard(orderId);
      setStarted(payment);
      setRetrying(false);
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    setBusy(true);
    try {
      setOrder(await api.cancelOrder(orderId));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  if (loadError) return <Notice tone="error">{loadError}</Notice>;
  if (!order) return <p aria-busy="true">{labels.loading}</p>;

  const due = order.amount_due ?? order.total;
  const isCar = order.items.some((item) => item.item_type === 'car');
  const payment = latestPayment(payments);

  return (
    <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
      <section className="card p-6" aria-labelledby="pay-title">
        <h2 id="pay-title" className="mb-4 text-xl font-bold">{fill(labels.order, { number: order.number ?? String(order.id) })}</h2>
        <div ref={statusRef} tabIndex={-1} className="outline-none">
          {stage === 'paid' ? (
            <Notice tone="success" title={labels.paid}>
              {fill(labels.paidBody, { amount: formatKes(payment?.amount ?? due) })}
              {payment?.mpesa_receipt ? <p className="mt-1">{fill(labels.receipt, { receipt: payment.mpesa_receipt })}</p> : null}
            </Notice>
          ) : null}
          {stage === 'cancelled' ? <Notice>{labels.cancelled}</Notice> : null}
          {stage === 'expired' ? <Notice tone="warning">{labels.expired}</Notice> : null}
          {stage === 'refunded' ? <Notice>{labels.refunded}</Notice> : null}
          {stage === 'fulfilled' ? <Notice tone="success" title={labels.paid}>{labels.fulfilled}</Notice> : null}
          {stage === 'waiting' ? (
            payment?.method === 'card' || started?.provider === 'stripe' ? (
              started?.client_secret && stripeKey && started.provider === 'stripe' ? (
                <div>
                  <p className="mb-2 font-semibold">{labels.cardDetails}</p>
                  <StripeCard publishableKey={stripeKey} clientSecret={started.client_secret} payLabel={labels.pay} locale={locale} />
                </div>
              ) : (
                <Notice title={labels.cardProcessing} />
              )
            ) : (
              <Notice title={labels.checkPhone}>
                {fill(labels.checkPhoneBody, { phone: payment?.phone ?? '', amount: formatKes(payment?.amount ?? due) })}
              </Notice>
            )
          ) : null}
          {stage === 'failed' ? (
            <Notice tone="error" title={labels.failed}>
              {payment?.failure_message ? <p>{payment.failure_message}</p> : null}
              <button type="button" className="btn-secondary mt-3" onClick={() => setRetrying(true)}>
                {labels.tryAgain}
              </button>
            </Notice>
          ) : null}
        </div>

        {stage === 'choose' ? (
          <div className="space-y-4">
            {error ? <Notice tone="error">{error}</Notice> : null}
            {cardOffered ? (
              <fieldset className="flex flex-wrap gap-4">
                <legend className="mb-2 font-semibold">{labels.method}</legend>
                {(['mpesa', 'card'] as const).map((value) => (
                  <label key={value} className="flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border border-stone-300 px-4">
                    <input type="radio" name="method" value={value} checked={method === value} onChange={() => setMethod(value)} className="h-5 w-5 accent-brand-700" />
                    {value === 'mpesa' ? labels.mpesa : labels.card}
                  </label>
                ))}
              </fieldset>
            ) : null}
            {method === 'mpesa' ? (
              <form onSubmit={(event) => void payByMpesa(event)} noValidate className="space-y-4">
                <Field id="phone" label={labels.phone} hint={labels.phoneHint} error={fieldError}>
                  <input
                    id="phone"
                    name="phone"
                    type="tel"
                    inputMode="tel"
                    autoComplete="tel"
                    required
                    defaultValue={user?.phone ?? ''}
                    className="input"
                    {...describedBy('phone', labels.phoneHint, fieldError)}
                  />
                </Field>
                <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy} aria-busy={busy}>
                  {busy ? labels.paying : labels.pay}
                </button>
              </form>
            ) : (
              <div>
                {!stripeKey && !simulated ? <Notice tone="warning">{labels.cardUnavailable}</Notice> : null}
                <button type="button" className="btn-primary w-full sm:w-auto" disabled={busy} aria-busy={busy} onClick={() => void payByCard()}>
                  {busy ? labels.paying : labels.pay}
                </button>
              </div>
            )}
            <button type="button" className="btn-danger" onClick={() => void cancel()} disabled={busy}>
              {labels.cancelOrder}
            </button>
          </div>
        ) : null}
      </section>

      <aside className="card p-6" aria-labelledby="summary-title">
        <h2 id="summary-title" className="mb-3 text-xl font-bold">{labels.items}</h2>
        <ul className="space-y-2">
          {order.items.map((item) => (
            <li key={`${item.item_type}-${item.item_id}`} className="flex justify-between gap-4">
              <span>
                {item.title}
                {item.quantity > 1 ? ` × ${item.quantity}` : ''}
              </span>
              <span className="font-semibold tabular-nums">{formatKes(item.line_total)}</span>
            </li>
          ))}
        </ul>
        <dl className="mt-4 space-y-1 border-t border-stone-200 pt-4">
          <div className="flex justify-between">
            <dt>{labels.total}</dt>
            <dd className="font-semibold tabular-nums">{formatKes(order.total)}</dd>
          </div>
          <div className="flex justify-between text-lg">
            <dt className="font-semibold">{isCar ? labels.deposit : labels.due}</dt>
            <dd className="font-bold tabular-nums">{formatKes(due)}</dd>
          </div>
        </dl>
        {order.hold_expires_at && order.status === 'pending' ? (
          <p className="mt-3 text-sm text-stone-700">{fill(labels.holdUntil, { time: formatDateTime(order.hold_expires_at, locale) })}</p>
        ) : null}
      </aside>
    </div>
  );
}
