import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';

import { AuthForm } from '@/components/auth/AuthForm';
import { localePath } from '@/lib/i18n/config';
import { alternates, pageLocale } from '@/lib/i18n/page';

type Props = { params: Promise<{ lang: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, t } = await pageLocale(params);
  return { title: t.auth.registerTitle, alternates: alternates('/register', locale) };
}

export default async function RegisterPage({ params }: Props) {
  const { locale, t } = await pageLocale(params);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-3xl font-extrabold">{t.auth.registerTitle}</h1>
      <Suspense>
        <AuthForm
          mode="register"
          locale={locale}
          fallback={localePath('/account', locale)}
          labels={{ ...t.auth, submit: t.auth.createAccount, busy: t.auth.signingIn, fieldErrors: t.common.fieldErrors }}
        />
      </Suspense>
      <p className="mt-4 text-center">
        {t.auth.haveAccount}{' '}
        <Link href={localePath('/login', locale)} className="font-semibold text-brand-700 underline">{t.nav.signIn}</Link>
      </p>
    </div>
  );
}
