'use client';

import { CarPhoto } from '@/components/cars/CarPhoto';
import { useAnnouncer } from '@/components/workspace/Announcer';
import { ActionForm, TextField, type ActionFormLabels } from '@/components/workspace/ActionForm';
import { DataTable, type Column, type DataTableLabels } from '@/components/workspace/DataTable';
import { ADMIN_LISTS, adminApi } from '@/lib/api/admin';
import type { Car } from '@/lib/api/types';
import { formatDate, formatKes, formatKm } from '@/lib/format';
import type { Locale } from '@/lib/i18n/config';
import { fill } from '@/lib/i18n/dictionary';

export interface ModerationLabels {
  caption: string;
  listing: string;
  photo: string;
  price: string;
  year: string;
  actions: string;
  approve: string;
  reject: string;
  reason: string;
  reasonHint: string;
  approved: string;
  rejected: string;
  owner: string;
  listed: string;
  noPhoto: string;
}

/** Cars waiting for review, each approved or rejected with a reason its seller sees. */
export function CarModeration({
  labels,
  table,
  form,
  locale,
}: {
  labels: ModerationLabels;
  table: DataTableLabels;
  form: ActionFormLabels;
  locale: Locale;
}) {
  const { announce, announcer } = useAnnouncer();
  const columns: Column<Car>[] = [
    {
      key: 'photo',
      label: labels.photo,
      className: 'w-40',
      render: (car) => <CarPhoto src={car.image_urls[0]} alt="" noPhoto={labels.noPhoto} className="rounded-lg" />,
    },
    {
      key: 'listing',
      label: labels.listing,
      render: (car) => (
        <div className="space-y-1">
          <p className="font-bold">{car.title}</p>
          <p className="text-stone-700">
            {car.make} {car.model}
            {car.mileage_km !== null ? ` · ${formatKm(car.mileage_km)}` : ''}
          </p>
          <p className="text-stone-600">
            {fill(labels.owner, { id: car.owner_id })} · {fill(labels.listed, { date: formatDate(car.created_at, locale) })}
          </p>
          {car.description ? <p className="line-clamp-3">{car.description}</p> : null}
        </div>
      ),
    },
    { key: 'year', label: labels.year, sort: 'year', render: (car) => car.year },
    { key: 'price', label: labels.price, sort: 'price', render: (car) => formatKes(car.price) },
    {
      key: 'actions',
      label: labels.actions,
      className: 'min-w-64',
      render: (car, { reload }) => (
        <div className="space-y-4">
          <ActionForm
            labels={form}
            submitLabel={labels.approve}
            submitAriaLabel={`${labels.approve}: ${car.title}`}
            onSubmit={async () => {
              await adminApi.approveCar(car.id);
              announce(fill(labels.approved, { title: car.title }));
              reload();
            }}
          />
          <ActionForm
            labels={form}
            submitLabel={labels.reject}
            submitAriaLabel={`${labels.reject}: ${car.title}`}
            buttonClassName="btn-danger"
            onSubmit={async (data) => {
              await adminApi.rejectCar(car.id, String(data.get('reason') ?? '').trim());
              announce(fill(labels.rejected, { title: car.title }));
              reload();
            }}
          >
            <TextField
              id={`reason-${car.id}`}
              name="reason"
              label={fill(labels.reason, { title: car.title })}
              hint={labels.reasonHint}
              maxLength={500}
              required
            />
          </ActionForm>
        </div>
      ),
    },
  ];
  return (
    <div className="space-y-3">
      {announcer}
      <DataTable<Car>
        caption={labels.caption}
        path={ADMIN_LISTS.cars}
        columns={columns}
        rowKey={(car) => car.id}
        labels={table}
        fixed={{ status: 'pending' }}
        // First come, first served: the seller who has waited longest is reviewed first.
        defaults={{ sort: 'oldest' }}
      />
    </div>
  );
}
