'use client';

import { type FormEvent, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { Field, describedBy } from '@/components/ui/Field';
import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';

/** An inquiry to the part's vendor; the answer shows under My account. */
export function AskVendor({
  partId,
  loginHref,
  labels,
}: {
  partId: number;
  loginHref: string;
  labels: { ask: string; message: string; send: string; sent: string; signIn: string };
}) {
  const { user } = useAuth();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    try {
      await api.askVendor(partId, Math.max(1, Number(data.get('inquiryQuantity')) || 1), String(data.get('message') ?? '').trim());
      setSent(true);
      form.reset();
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldErrors().message ?? caught.message) : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="ask" className="card p-6">
      <h2 id="ask" className="mb-3 text-xl font-bold">{labels.ask}</h2>
      {user === null ? (
        <a className="btn-secondary" href={loginHref}>{labels.signIn}</a>
      ) : sent ? (
        <Notice tone="success">{labels.sent}</Notice>
      ) : (
        <form onSubmit={(event) => void send(event)} className="space-y-3">
          <input type="hidden" name="inquiryQuantity" value="1" />
          <Field id="message" label={labels.message} error={error}>
            <textarea id="message" name="message" required maxLength={2000} rows={3} className="input" {...describedBy('message', undefined, error)} />
          </Field>
          <button type="submit" className="btn-secondary" disabled={busy} aria-busy={busy}>{labels.send}</button>
        </form>
      )}
    </section>
  );
}
