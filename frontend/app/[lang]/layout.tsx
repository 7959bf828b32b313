import type { Metadata, Viewport } from 'next';
import { draftMode } from 'next/headers';
import type { ReactNode } from 'react';

import '../globals.css';
import { AuthProvider } from '@/components/auth/AuthProvider';
import { PreviewBar } from '@/components/content/PreviewBar';
import { ServiceWorker } from '@/components/layout/ServiceWorker';
import { SiteFooter } from '@/components/layout/SiteFooter';
import { SiteHeader } from '@/components/layout/SiteHeader';
import { settings } from '@/lib/config';
import { pageLocale } from '@/lib/i18n/page';

// Nothing is rendered at build time (the sidecar is not running then): every page is
// rendered on its first visit and cached (ISR), or rendered per request where it
// reads the query string.
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: { params: Promise<{ lang: string }> }): Promise<Metadata> {
  const { t } = await pageLocale(params);
  return {
    metadataBase: new URL(settings.siteUrl),
    title: { default: `${t.meta.siteName} — ${t.meta.tagline}`, template: `%s | ${t.meta.siteName}` },
    description: t.meta.description,
    applicationName: t.meta.siteName,
    manifest: '/manifest.webmanifest',
    icons: { icon: '/icons/icon.svg', apple: '/icons/icon-192.png' },
    openGraph: { siteName: t.meta.siteName, type: 'website' },
  };
}

export const viewport: Viewport = {
  themeColor: '#0e5c3b',
  width: 'device-width',
  initialScale: 1,
};

export default async function RootLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ lang: string }>;
}) {
  const { locale, t } = await pageLocale(params);
  const preview = (await draftMode()).isEnabled;
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        {preview ? <PreviewBar label={t.content.previewBar} exit={t.content.exitPreview} /> : null}
        <AuthProvider>
          <SiteHeader locale={locale} t={t} />
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-8">
            {children}
          </main>
          <SiteFooter locale={locale} t={t} />
        </AuthProvider>
        <ServiceWorker />
      </body>
    </html>
  );
}
