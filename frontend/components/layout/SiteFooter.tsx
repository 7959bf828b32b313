import Link from 'next/link';

import { type Locale, localePath } from '@/lib/i18n/config';
import type { Messages } from '@/lib/i18n/dictionary';

export function SiteFooter({ locale, t }: { locale: Locale; t: Messages }) {
  const href = (path: string) => localePath(path, locale);
  return (
    <footer className="mt-16 border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-stone-700 sm:flex-row sm:justify-between">
        <p>
          <span className="font-semibold text-stone-900">{t.meta.siteName}</span> — {t.meta.tagline}
        </p>
        <nav aria-label={t.nav.footer}>
          <ul className="flex flex-wrap gap-4">
            <li><Link className="underline" href={href('/help')}>{t.nav.help}</Link></li>
            <li><Link className="underline" href={href('/articles')}>{t.nav.articles}</Link></li>
            <li><Link className="underline" href={href('/parts')}>{t.nav.parts}</Link></li>
            <li><Link className="underline" href={href('/register')}>{t.nav.register}</Link></li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
