'use client';

import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe, type Stripe } from '@stripe/stripe-js';
import { type FormEvent, useState } from 'react';

import { Notice } from '@/components/ui/Notice';

let stripePromise: Promise<Stripe | null> | null = null;

function CardForm({ payLabel }: { payLabel: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError(null);
    // No redirect for cards: the order's status (polled by the page) tells the outcome,
    // which the sidecar learns from Stripe's signed webhook, never from this browser.
    const result = await stripe.confirmPayment({ elements, redirect: 'if_required' });
    if (result.error) setError(result.error.message ?? 'Card payment failed');
    setBusy(false);
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <PaymentElement />
      {error ? <Notice tone="error">{error}</Notice> : null}
      <button type="submit" className="btn-primary" disabled={!stripe || busy} aria-busy={busy}>
        {payLabel}
      </button>
    </form>
  );
}

/** Stripe Elements for one PaymentIntent (only when STRIPE_PUBLISHABLE_KEY is set). */
export function StripeCard({
  publishableKey,
  clientSecret,
  payLabel,
  locale,
}: {
  publishableKey: string;
  clientSecret: string;
  payLabel: string;
  locale: 'en' | 'sw';
}) {
  stripePromise ??= loadStripe(publishableKey);
  return (
    <Elements stripe={stripePromise} options={{ clientSecret, locale: locale === 'sw' ? 'auto' : 'en' }}>
      <CardForm payLabel={payLabel} />
    </Elements>
  );
}
