import type { ReactNode } from 'react';

import { WorkspaceShell } from '@/components/workspace/WorkspaceShell';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';

/** The admin workspace: shown to admins only (the sidecar refuses everyone else anyway). */
export default async function AdminLayout({ children, params }: { children: ReactNode; params: Promise<{ lang: string }> }) {
  const { locale, t } = await pageLocale(params);
  const a = t.admin;
  const href = (path: string) => localePath(path, locale);
  const item = (path: string, label: string) => ({ href: href(path), label, serves: ['admin'] as const });
  const nav = [
    item('/admin', a.navOverview),
    item('/admin/cars', a.navCars),
    item('/admin/vendors', a.navVendors),
    item('/admin/imports', a.navImports),
    item('/admin/orders', a.navOrders),
    item('/admin/audit', a.navAudit),
    item('/admin/crsp', a.navCrsp),
    item('/admin/notifications', a.navNotifications),
  ];
  return (
    <WorkspaceShell allowed={['admin']} locale={locale} nav={nav} labels={{ nav: t.workspace.nav, checking: t.workspace.checking }}>
      {children}
    </WorkspaceShell>
  );
}
