import type { ReactNode } from 'react';

import { WorkspaceShell } from '@/components/workspace/WorkspaceShell';
import { localePath } from '@/lib/i18n/config';
import { pageLocale } from '@/lib/i18n/page';

/** The importer's workspace: shown to approved vendors who handle imports. */
export default async function ImporterLayout({ children, params }: { children: ReactNode; params: Promise<{ lang: string }> }) {
  const { locale, t } = await pageLocale(params);
  const i = t.importer;
  const href = (path: string) => localePath(path, locale);
  const nav = [
    { href: href('/importer'), label: i.navAssigned, serves: ['importer'] as const },
    { href: href('/importer/board'), label: i.navBoard, serves: ['importer'] as const },
    { href: href('/vendor'), label: t.vendor.title, serves: ['parts'] as const },
  ];
  return (
    <WorkspaceShell allowed={['importer']} locale={locale} nav={nav} labels={{ nav: t.workspace.nav, checking: t.workspace.checking }}>
      {children}
    </WorkspaceShell>
  );
}
