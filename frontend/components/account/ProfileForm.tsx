'use client';

import { type FormEvent, useState } from 'react';

import { Field, describedBy } from '@/components/ui/Field';
import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { User } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';

export interface ProfileLabels {
  fullName: string;
  phone: string;
  whatsapp: string;
  language: string;
  english: string;
  swahili: string;
  saved: string;
  save: string;
  verified: string;
  notVerified: string;
  sendCode: string;
  codeSent: string;
  code: string;
  confirm: string;
  fieldErrors: string;
}

/** Name, phone (with WhatsApp verification), WhatsApp opt-in and language. */
export function ProfileForm({ user, labels, locale, onSaved }: { user: User; labels: ProfileLabels; locale: Locale; onSaved: (user: User) => void }) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [codeExpires, setCodeExpires] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | undefined>();

  function fail(caught: unknown) {
    if (caught instanceof ApiError) {
      const byField = caught.fieldErrors();
      setFields(byField);
      setMessage({ tone: 'error', text: Object.keys(byField).length ? labels.fieldErrors : caught.message });
    } else {
      setMessage({ tone: 'error', text: String(caught) });
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setFields({});
    setMessage(null);
    try {
      const updated = await api.updateMe({
        fullName: String(data.get('fullName') ?? '').trim(),
        phone: String(data.get('phone') ?? '').trim() || null,
        whatsappOptIn: data.get('whatsappOptIn') === 'on',
        language: data.get('language') === 'sw' ? 'sw' : 'en',
      });
      onSaved(updated);
      setMessage({ tone: 'success', text: labels.saved });
    } catch (caught) {
      fail(caught);
    }
  }

  async function sendCode() {
    setMessage(null);
    try {
      setCodeExpires((await api.sendPhoneCode()).expires_at);
    } catch (caught) {
      fail(caught);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCodeError(undefined);
    try {
      onSaved(await api.confirmPhone(String(new FormData(event.currentTarget).get('code') ?? '').trim()));
      setCodeExpires(null);
    } catch (caught) {
      setCodeError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }

  return (
    <div className="space-y-6">
      <form onSubmit={(event) => void save(event)} className="grid gap-4 sm:grid-cols-2">
        {message ? (
          <div className="sm:col-span-2">
            <Notice tone={message.tone}>{message.text}</Notice>
          </div>
        ) : null}
        <Field id="fullName" label={labels.fullName} error={fields.fullName}>
          <input id="fullName" name="fullName" defaultValue={user.full_name ?? ''} autoComplete="name" className="input" {...describedBy('fullName', undefined, fields.fullName)} />
        </Field>
        <Field id="phone" label={labels.phone} error={fields.phone}>
          <input id="phone" name="phone" type="tel" defaultValue={user.phone ?? ''} autoComplete="tel" className="input" {...describedBy('phone', undefined, fields.phone)} />
        </Field>
        <Field id="language" label={labels.language}>
          <select id="language" name="language" defaultValue={user.language} className="input">
            <option value="en">{labels.english}</option>
            <option value="sw">{labels.swahili}</option>
          </select>
        </Field>
        <div className="flex items-center gap-2 self-end">
          <input id="whatsappOptIn" name="whatsappOptIn" type="checkbox" defaultChecked={user.whatsapp_opt_in} className="h-5 w-5 accent-brand-700" />
          <label htmlFor="whatsappOptIn">{labels.whatsapp}</label>
        </div>
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary">{labels.save}</button>
        </div>
      </form>

      {user.phone && user.phone_verified !== undefined ? (
        <div className="border-t border-stone-200 pt-4">
          <p className="font-semibold">{user.phone_verified ? labels.verified : labels.notVerified}</p>
          {!user.phone_verified ? (
            codeExpires ? (
              <form onSubmit={(event) => void confirm(event)} className="mt-3 flex flex-wrap items-end gap-3">
                <p className="w-full text-stone-700">{fill(labels.codeSent, { time: formatDateTime(codeExpires, locale) })}</p>
                <Field id="code" label={labels.code} error={codeError}>
                  <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} className="input w-40" {...describedBy('code', undefined, codeError)} />
                </Field>
                <button type="submit" className="btn-primary">{labels.confirm}</button>
              </form>
            ) : (
              <button type="button" className="btn-secondary mt-3" onClick={() => void sendCode()}>{labels.sendCode}</button>
            )
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
