import Link from 'next/link';

import { AccountNav } from '@/components/layout/AccountNav';
import { LanguageSwitch } from '@/components/layout/LanguageSwitch';
import { type Locale, localePath } from '@/lib/i18n/config';
import type { Messages } from '@/lib/i18n/dictionary';

export function SiteHeader({ locale, t }: { locale: Locale; t: Messages }) {
  const href = (path: string) => localePath(path, locale);
  const prefix = locale === 'en' ? '' : `/${locale}`;
  const links: [string, string][] = [
    ['/cars', t.nav.cars],
    ['/sell', t.nav.sell],
    ['/imports/new', t.nav.imports],
    ['/parts', t.nav.parts],
    ['/articles', t.nav.articles],
  ];
  return (
    <header className="border-b border-stone-200 bg-white">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2"
      >
        {t.nav.skip}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-2 gap-y-2 px-4 py-3 sm:gap-x-4">
        <Link href={href('/')} aria-label={t.nav.home} className="flex items-center gap-2 text-base font-extrabold text-brand-800 sm:text-lg">
          <svg aria-hidden="true" width="32" height="32" viewBox="0 0 32 32">
            <rect width="32" height="32" rx="8" fill="#0e5c3b" />
            <path d="M7 19l3-6h12l3 6v4h-2a2 2 0 0 1-4 0h-6a2 2 0 0 1-4 0H7z" fill="#f5b82e" />
          </svg>
          <span>Gurumisha</span>
        </Link>
        <div className="flex items-center gap-1 sm:order-last">
          <LanguageSwitch current={locale} label={t.nav.switchToLabel} name={t.nav.switchTo} />
          <AccountNav
            prefix={prefix}
            labels={{ account: t.nav.account, signIn: t.nav.signIn, signOut: t.nav.signOut, admin: t.nav.admin, workspace: t.workspace.open }}
          />
        </div>
        <nav aria-label={t.nav.main} className="w-full sm:w-auto">
          <ul className="-mx-2 flex gap-1 overflow-x-auto">
            {links.map(([path, label]) => (
              <li key={path}>
                <Link href={href(path)} className="inline-flex min-h-11 items-center rounded-lg px-2 font-medium text-stone-800 hover:bg-stone-100">
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}
