'use client';

import { createContext, useContext, useRef, useState, type FormEvent, type ReactNode } from 'react';

import { Field, describedBy } from '@/components/ui/Field';
import { Notice } from '@/components/ui/Notice';
import { ApiError } from '@/lib/api/errors';

export interface ActionFormLabels {
  busy: string;
  fieldErrors: string;
}

const FieldErrors = createContext<Record<string, string>>({});

/**
 * A form whose submit calls the API. On failure it shows the API's problem detail
 * (and each field's message beside its input, matched by the field's name) and keeps
 * everything typed: the inputs are the browser's own and are never reset on failure.
 * On success it announces the returned message politely and, if asked, clears itself.
 */
export function ActionForm({
  onSubmit,
  submitLabel,
  labels,
  children,
  resetOnSuccess = false,
  className = 'space-y-3',
  buttonClassName = 'btn-primary',
  submitAriaLabel,
}: {
  /** Does the action; returns the message to announce (or nothing). */
  onSubmit: (data: FormData) => Promise<string | void>;
  submitLabel: string;
  labels: ActionFormLabels;
  children?: ReactNode;
  resetOnSuccess?: boolean;
  className?: string;
  buttonClassName?: string;
  submitAriaLabel?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const busyRef = useRef(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busyRef.current) return;
    // React clears currentTarget once the handler yields: keep the form first.
    const form = event.currentTarget;
    const data = new FormData(form);
    busyRef.current = true;
    setBusy(true);
    setError(null);
    setFields({});
    setDone(null);
    try {
      const message = await onSubmit(data);
      if (resetOnSuccess) form.reset();
      setDone(message || null);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const byField = caught.fieldErrors();
        setFields(byField);
        const detail = caught.problem.detail || caught.message;
        setError(Object.keys(byField).length && !caught.problem.detail ? labels.fieldErrors : detail);
      } else {
        setError(caught instanceof Error ? caught.message : String(caught));
      }
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className={className}>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <FieldErrors.Provider value={fields}>{children}</FieldErrors.Provider>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClassName} disabled={busy} aria-busy={busy} aria-label={submitAriaLabel}>
          {busy ? labels.busy : submitLabel}
        </button>
        <p role="status" aria-live="polite" className="text-sm font-medium text-brand-900">
          {done ?? ''}
        </p>
      </div>
    </form>
  );
}

/** The API's message for a field of the surrounding ActionForm. */
export function useFieldError(name: string): string | undefined {
  return useContext(FieldErrors)[name];
}

interface BaseFieldProps {
  /** The input's name: the key of the API's field errors (camelCase, last part). */
  name: string;
  label: string;
  hint?: string;
  id?: string;
  className?: string;
}

/** A labelled input tied to the form's field errors. */
export function TextField({
  name,
  label,
  hint,
  id,
  className,
  ...input
}: BaseFieldProps & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'className'>) {
  const error = useFieldError(name);
  const key = id ?? name;
  return (
    <Field id={key} label={label} hint={hint} error={error} className={className}>
      <input id={key} name={name} className="input" {...input} {...describedBy(key, hint, error)} />
    </Field>
  );
}

/** A labelled textarea tied to the form's field errors. */
export function TextAreaField({
  name,
  label,
  hint,
  id,
  className,
  ...area
}: BaseFieldProps & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id' | 'className'>) {
  const error = useFieldError(name);
  const key = id ?? name;
  return (
    <Field id={key} label={label} hint={hint} error={error} className={className}>
      <textarea id={key} name={name} className="input min-h-24" {...area} {...describedBy(key, hint, error)} />
    </Field>
  );
}

/** A labelled select tied to the form's field errors. */
export function SelectField({
  name,
  label,
  hint,
  id,
  className,
  options,
  ...select
}: BaseFieldProps & { options: { value: string; label: string }[] } & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id' | 'className'>) {
  const error = useFieldError(name);
  const key = id ?? name;
  return (
    <Field id={key} label={label} hint={hint} error={error} className={className}>
      <select id={key} name={name} className="input" {...select} {...describedBy(key, hint, error)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
