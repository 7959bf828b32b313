import type { Metadata } from 'next';

import { AccountDashboard } from '@/components/account/AccountDashboard';
import { localePath } from '@/lib/i18n/config';
import { importStatusLabels } from '@/lib/i18n/labels';
import { pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return { title: t.account.title, robots: { index: false } };
}

export default async function AccountPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  const href = (path: string) => localePath(path, locale);
  return (
    <>
      <h1 className="mb-6 text-3xl font-extrabold">{t.account.title}</h1>
      <AccountDashboard
        locale={locale}
        paths={{ login: href('/login'), sell: href('/sell'), cars: href('/cars'), checkout: href('/checkout'), imports: href('/imports') }}
        labels={{
          ...t.account,
          save: t.common.save,
          fieldErrors: t.common.fieldErrors,
          loading: t.common.loading,
          carStatus: { pending: t.car.pending, active: t.car.active, reserved: t.car.reserved, sold: t.car.sold, rejected: t.car.rejected },
          importStatus: importStatusLabels(t),
        }}
      />
    </>
  );
}
