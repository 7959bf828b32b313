import type { ReactNode } from 'react';

const TONES = {
  info: 'border-sky-300 bg-sky-50 text-sky-950',
  success: 'border-brand-600 bg-brand-50 text-brand-900',
  warning: 'border-amber-400 bg-amber-50 text-amber-950',
  error: 'border-red-400 bg-red-50 text-red-900',
} as const;

/** A message box; errors are announced at once (role=alert), the rest politely. */
export function Notice({
  tone = 'info',
  children,
  title,
}: {
  tone?: keyof typeof TONES;
  children?: ReactNode;
  title?: string;
}) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-lg border p-4 ${TONES[tone]}`}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? 'mt-1' : ''}>{children}</div> : null}
    </div>
  );
}
