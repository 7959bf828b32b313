'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { Notice } from '@/components/ui/Notice';
import { api, newIdempotencyKey } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';

/** Quantity and Buy: places the order and opens its checkout (sign-in first if needed). */
export function BuyPart({
  partId,
  stock,
  loginHref,
  checkoutBase,
  labels,
}: {
  partId: number;
  stock: number;
  loginHref: string;
  checkoutBase: string;
  labels: { quantity: string; buy: string; buying: string; signInToBuy: string; outOfStock: string };
}) {
  const { user, ensureUser } = useAuth();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  async function buy(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Read before the first await: React clears currentTarget once the handler yields.
    const quantity = Math.max(1, Number(new FormData(event.currentTarget).get('quantity')) || 1);
    if (!(await ensureUser())) {
      router.push(loginHref);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const order = await api.placeOrder([{ item_type: 'part', item_id: partId, quantity }], key.current);
      router.push(`${checkoutBase}/${order.id}`);
    } catch (caught) {
      key.current = newIdempotencyKey();
      setBusy(false);
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }

  if (stock <= 0) return <p className="font-semibold text-red-800">{labels.outOfStock}</p>;
  return (
    <form onSubmit={(event) => void buy(event)} className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="quantity" className="mb-1 block text-sm font-semibold">{labels.quantity}</label>
        <input id="quantity" name="quantity" type="number" min={1} max={stock} defaultValue={1} className="input w-24" />
      </div>
      <button type="submit" className="btn-primary" disabled={busy} aria-busy={busy}>
        {busy ? labels.buying : labels.buy}
      </button>
      {user === null ? <p className="w-full text-sm text-stone-700">{labels.signInToBuy}</p> : null}
      {error ? (
        <div className="w-full">
          <Notice tone="error">{error}</Notice>
        </div>
      ) : null}
    </form>
  );
}
