'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';

import { type Locale, switchLocalePath } from '@/lib/i18n/config';

function SwitchLink({ target, label, name }: { target: Locale; label: string; name: string }) {
  const pathname = usePathname() || '/';
  const search = useSearchParams()?.toString();
  const href = switchLocalePath(pathname, target) + (search ? `?${search}` : '');
  return (
    <Link href={href} hrefLang={target} lang={target} aria-label={label} className="btn px-1 text-sm text-brand-800 underline sm:px-2 sm:text-base">
      {name}
    </Link>
  );
}

/** The same page in the other language (keeps the query: filters survive the switch). */
export function LanguageSwitch({ current, label, name }: { current: Locale; label: string; name: string }) {
  const target: Locale = current === 'en' ? 'sw' : 'en';
  const fallback = (
    <a href={target === 'en' ? '/' : '/sw'} hrefLang={target} lang={target} aria-label={label} className="btn px-1 text-sm text-brand-800 underline sm:px-2 sm:text-base">
      {name}
    </a>
  );
  return (
    <Suspense fallback={fallback}>
      <SwitchLink target={target} label={label} name={name} />
    </Suspense>
  );
}
