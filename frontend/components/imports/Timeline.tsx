import type { ImportStatus, TimelineEvent } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { IMPORT_STEPS } from '@/lib/imports';

/** The journey's stages (done, current, to come) and every recorded move with date and note. */
export function Timeline({
  status,
  events,
  locale,
  labels,
}: {
  status: ImportStatus;
  events: TimelineEvent[];
  locale: Locale;
  labels: { timeline: string; noEvents: string; statuses: Record<ImportStatus, string> };
}) {
  const reached = IMPORT_STEPS.indexOf(status);
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline" className="mb-3 text-2xl font-bold">{labels.timeline}</h2>
      {status !== 'cancelled' ? (
        <ol className="mb-6 grid grid-cols-3 gap-2 sm:grid-cols-6">
          {IMPORT_STEPS.map((step, index) => (
            <li
              key={step}
              aria-current={step === status ? 'step' : undefined}
              className={`rounded-lg border p-2 text-center text-sm font-semibold ${
                index < reached ? 'border-brand-600 bg-brand-50 text-brand-900' : index === reached ? 'border-brand-800 bg-brand-700 text-white' : 'border-stone-300 bg-white text-stone-700'
              }`}
            >
              {labels.statuses[step]}
            </li>
          ))}
        </ol>
      ) : null}
      {events.length === 0 ? (
        <p className="text-stone-700">{labels.noEvents}</p>
      ) : (
        <ol className="relative space-y-4 border-l-2 border-brand-600 pl-6">
          {events.map((event) => (
            <li key={event.id}>
              <span aria-hidden="true" className="absolute -left-[7px] mt-1.5 h-3 w-3 rounded-full bg-brand-700" />
              <p className="font-semibold">{labels.statuses[event.to_status]}</p>
              <p className="text-sm text-stone-700">
                <time dateTime={event.created_at}>{formatDateTime(event.created_at, locale)}</time>
              </p>
              {event.note ? <p className="mt-1">{event.note}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
