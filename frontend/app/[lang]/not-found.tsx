import Link from 'next/link';

import { getMessages } from '@/lib/i18n/dictionary';

// Not-found pages get no params: English, with a link home (the header offers Swahili).
export default function NotFound() {
  const t = getMessages('en');
  return (
    <div className="mx-auto max-w-xl py-10 text-center">
      <h1 className="text-3xl font-extrabold">{t.common.notFoundTitle}</h1>
      <p className="mt-3 text-stone-700">{t.common.notFoundBody}</p>
      <Link href="/" className="btn-primary mt-6">{t.common.goHome}</Link>
    </div>
  );
}
