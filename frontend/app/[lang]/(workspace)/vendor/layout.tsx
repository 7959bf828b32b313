import type { ReactNode } from 'react';

import { WorkspaceShell } from '@/components/workspace/WorkspaceShell';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';

/** The parts vendor's workspace: shown to approved vendors who sell parts. */
export default async function VendorLayout({ children, params }: { children: ReactNode; params: Promise<{ lang: string }> }) {
  const { locale, t } = await pageLocale(params);
  const v = t.vendor;
  const href = (path: string) => localePath(path, locale);
  const nav = [
    { href: href('/vendor'), label: v.navSales, serves: ['parts'] as const },
    { href: href('/vendor/parts'), label: v.navParts, serves: ['parts'] as const },
    { href: href('/vendor/low-stock'), label: v.navLowStock, serves: ['parts'] as const },
    { href: href('/vendor/inquiries'), label: v.navInquiries, serves: ['parts'] as const },
    { href: href('/vendor/orders'), label: v.navOrders, serves: ['parts'] as const },
    { href: href('/importer'), label: t.importer.navAssigned, serves: ['importer'] as const },
  ];
  return (
    <WorkspaceShell allowed={['parts']} locale={locale} nav={nav} labels={{ nav: t.workspace.nav, checking: t.workspace.checking }}>
      {children}
    </WorkspaceShell>
  );
}
