'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import { Field, describedBy } from '@/components/ui/Field';
import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import { safeNext } from '@/lib/next-path';
import { homeOf } from '@/lib/workspace';

export interface AuthLabels {
  email: string;
  password: string;
  passwordHint: string;
  fullName: string;
  phone: string;
  phoneHint: string;
  submit: string;
  busy: string;
  failed: string;
  tooMany: string;
  fieldErrors: string;
}

/** Sign-in or registration; on success goes to ?next= (a local path) or the account. */
export function AuthForm({
  mode,
  labels,
  locale,
  fallback,
}: {
  mode: 'login' | 'register';
  labels: AuthLabels;
  locale: 'en' | 'sw';
  fallback: string;
}) {
  const router = useRouter();
  const search = useSearchParams();
  const { setUser } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const user =
        mode === 'login'
          ? await api.login(value('email'), String(data.get('password') ?? ''))
          : await api.register({
              email: value('email'),
              password: String(data.get('password') ?? ''),
              fullName: value('fullName'),
              phone: value('phone'),
              language: locale,
            });
      setUser(user);
      // Without a ?next=, staff land in their workspace (customers on the fallback).
      router.push(safeNext(search?.get('next'), mode === 'login' ? homeOf(user, locale) : fallback));
    } catch (caught) {
      setBusy(false);
      if (!(caught instanceof ApiError)) {
        setError(String(caught));
      } else if (caught.status === 429) {
        setError(labels.tooMany);
      } else if (mode === 'login' && caught.status === 401) {
        setError(labels.failed);
      } else {
        const byField = caught.fieldErrors();
        setFields(byField);
        setError(Object.keys(byField).length ? labels.fieldErrors : caught.message);
      }
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="card space-y-4 p-6">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {mode === 'register' ? (
        <Field id="fullName" label={labels.fullName} error={fields.fullName}>
          <input id="fullName" name="fullName" autoComplete="name" className="input" maxLength={120} {...describedBy('fullName', undefined, fields.fullName)} />
        </Field>
      ) : null}
      <Field id="email" label={labels.email} error={fields.email}>
        <input id="email" name="email" type="email" autoComplete="email" required className="input" {...describedBy('email', undefined, fields.email)} />
      </Field>
      <Field id="password" label={labels.password} hint={mode === 'register' ? labels.passwordHint : undefined} error={fields.password}>
        <input
          id="password"
          name="password"
          type="password"
          required
          minLength={mode === 'register' ? 8 : undefined}
          autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
          className="input"
          {...describedBy('password', mode === 'register' ? labels.passwordHint : undefined, fields.password)}
        />
      </Field>
      {mode === 'register' ? (
        <Field id="phone" label={labels.phone} hint={labels.phoneHint} error={fields.phone}>
          <input id="phone" name="phone" type="tel" autoComplete="tel" className="input" {...describedBy('phone', labels.phoneHint, fields.phone)} />
        </Field>
      ) : null}
      <button type="submit" className="btn-primary w-full" disabled={busy} aria-busy={busy}>
        {busy ? labels.busy : labels.submit}
      </button>
    </form>
  );
}
