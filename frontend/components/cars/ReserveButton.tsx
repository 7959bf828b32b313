'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { Notice } from '@/components/ui/Notice';
import { api, newIdempotencyKey } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';

/** Places a one-car order (the deposit) and goes to its checkout; signs in first if needed. */
export function ReserveButton({
  carId,
  loginHref,
  checkoutBase,
  note,
  labels,
}: {
  carId: number;
  loginHref: string;
  checkoutBase: string;
  note: string;
  labels: { reserve: string; reserving: string; signIn: string; unavailable: string };
}) {
  const { user, ensureUser } = useAuth();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per attempt on this page: a double click or a retried request is one order.
  const key = useRef<string>(newIdempotencyKey());

  async function reserve() {
    if (!(await ensureUser())) {
      router.push(loginHref);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const order = await api.placeOrder([{ item_type: 'car', item_id: carId, quantity: 1 }], key.current);
      router.push(`${checkoutBase}/${order.id}`);
    } catch (caught) {
      key.current = newIdempotencyKey();
      setBusy(false);
      if (caught instanceof ApiError && caught.status === 409) setError(caught.problem.detail || labels.unavailable);
      else setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }

  return (
    <div>
      <p className="mb-3 text-stone-700">{note}</p>
      <button type="button" className="btn-primary w-full sm:w-auto" onClick={() => void reserve()} disabled={busy} aria-busy={busy}>
        {busy ? labels.reserving : user === null ? labels.signIn : labels.reserve}
      </button>
      {error ? (
        <div className="mt-3">
          <Notice tone="error">{error}</Notice>
        </div>
      ) : null}
    </div>
  );
}
