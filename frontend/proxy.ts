import { type NextRequest, NextResponse } from 'next/server';

import { DEFAULT_LOCALE, LOCALES } from '@/lib/i18n/config';

/**
 * One origin for the browser:
 * - /v1/* and /media/* go to the sidecar (GURUMISHA_API_URL, read at run time), so
 *   the refresh cookie (path /v1/auth, SameSite=Strict) and uploads are same-origin;
 * - English pages have no prefix: /cars is rendered by app/[lang] as /en/cars;
 *   Swahili pages are under /sw. (Next.js runs the proxy again on its own rewrite,
 *   so /en/... passes through; its pages name the unprefixed URL as canonical.)
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  if (pathname.startsWith('/v1/') || pathname.startsWith('/media/')) {
    const api = (process.env.GURUMISHA_API_URL || 'http://127.0.0.1:8000').replace(/\/+$/, '');
    return NextResponse.rewrite(new URL(`${api}${pathname}${search}`));
  }

  const first = pathname.split('/')[1] ?? '';
  if ((LOCALES as readonly string[]).includes(first)) {
    return NextResponse.next();
  }

  const url = request.nextUrl.clone();
  url.pathname = pathname === '/' ? `/${DEFAULT_LOCALE}` : `/${DEFAULT_LOCALE}${pathname}`;
  return NextResponse.rewrite(url);
}

export const config = {
  // Pages and the two proxied prefixes; not Next's assets, route handlers or files.
  matcher: ['/v1/:path*', '/media/:path*', '/((?!_next/|api/|.*\\..*).*)'],
};
