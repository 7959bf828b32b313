import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';

import { AuthForm } from '@/components/auth/AuthForm';
import { localePath } from '@/lib/i18n/config';
import { alternates, pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  return { title: t.auth.loginTitle, alternates: alternates('/login', locale), robots: { index: false } };
}

export default async function LoginPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-3xl font-extrabold">{t.auth.loginTitle}</h1>
      <Suspense>
        <AuthForm
          mode="login"
          locale={locale}
          fallback={localePath('/account', locale)}
          labels={{ ...t.auth, submit: t.auth.signIn, busy: t.auth.signingIn, fieldErrors: t.common.fieldErrors }}
        />
      </Suspense>
      <p className="mt-4 text-center">
        {t.auth.noAccount}{' '}
        <Link href={localePath('/register', locale)} className="font-semibold text-brand-700 underline">{t.nav.register}</Link>
      </p>
    </div>
  );
}
