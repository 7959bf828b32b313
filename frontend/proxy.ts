import { type NextRequest, NextResponse } from 'next/server';

import { previewFrameAncestors } from '@/lib/preview';

/**
 * One origin for the browser: /v1/* and /media/* go to the sidecar
 * (GURUMISHA_API_URL, read at run time: one build serves every environment), so the
 * refresh cookie (path /v1/auth, SameSite=Strict) and uploads are same-origin. Pages
 * pass through here only in preview (the language rewrite is in next.config.ts):
 * /api/preview and pages in draft mode may be framed by Strapi's admin, whose origin
 * (STRAPI_ADMIN_URL) is only known at run time.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!pathname.startsWith('/v1/') && !pathname.startsWith('/media/')) {
    const response = NextResponse.next();
    response.headers.set(
      'Content-Security-Policy',
      previewFrameAncestors(process.env.STRAPI_ADMIN_URL, process.env.STRAPI_URL),
    );
    return response;
  }
  const api = (process.env.GURUMISHA_API_URL || 'http://127.0.0.1:8000').replace(/\/+$/, '');
  return NextResponse.rewrite(new URL(`${api}${pathname}${search}`));
}

export const config = {
  matcher: [
    '/v1/:path*',
    '/media/:path*',
    '/api/preview',
    // Draft mode (DRAFT_COOKIE, lib/preview.ts; a literal: Next.js reads this config
    // statically): the pages Strapi's preview panel shows.
    { source: '/((?!_next/|api/|v1/|media/).*)', has: [{ type: 'cookie', key: '__prerender_bypass' }] },
  ],
};
