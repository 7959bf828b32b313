import type { CarStatus } from '@/lib/api/types';
import type { Messages } from '@/lib/i18n/dictionary';

const STYLE: Record<CarStatus, string> = {
  active: 'bg-brand-100 text-brand-900',
  pending: 'bg-amber-100 text-amber-950',
  reserved: 'bg-accent-400 text-stone-950',
  sold: 'bg-stone-800 text-white',
  rejected: 'bg-red-100 text-red-900',
};

/** Reserved and sold are shown to everyone; the rest only in the owner's views. */
export function StatusBadge({ status, t, always = false }: { status: CarStatus; t: Messages; always?: boolean }) {
  if (!always && status === 'active') return null;
  return (
    <span className={`inline-block rounded-full px-2.5 py-0.5 text-sm font-semibold ${STYLE[status]}`}>
      {t.car[status]}
    </span>
  );
}
