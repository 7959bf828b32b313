import Link from 'next/link';

import type { PageInfo } from '@/lib/api/types';
import { fill, type Messages } from '@/lib/i18n/dictionary';

/** Previous / "Page 2 of 5" / Next, as links (the page number is in the URL). */
export function Pagination({ info, hrefFor, t }: { info: PageInfo; hrefFor: (page: number) => string; t: Messages }) {
  if (info.pages <= 1) return null;
  return (
    <nav aria-label={t.common.pagination} className="mt-6 flex items-center justify-between gap-2">
      {info.page > 1 ? (
        <Link className="btn-secondary" href={hrefFor(info.page - 1)} rel="prev">{t.common.previous}</Link>
      ) : (
        <span />
      )}
      <p className="text-sm text-stone-700">{fill(t.common.page, { page: info.page, pages: info.pages })}</p>
      {info.page < info.pages ? (
        <Link className="btn-secondary" href={hrefFor(info.page + 1)} rel="next">{t.common.next}</Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
