import { type NextRequest, NextResponse } from 'next/server';

/**
 * One origin for the browser: /v1/* and /media/* go to the sidecar
 * (GURUMISHA_API_URL, read at run time: one build serves every environment), so the
 * refresh cookie (path /v1/auth, SameSite=Strict) and uploads are same-origin. Pages
 * never pass through here (the language rewrite is in next.config.ts).
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const api = (process.env.GURUMISHA_API_URL || 'http://127.0.0.1:8000').replace(/\/+$/, '');
  return NextResponse.rewrite(new URL(`${api}${pathname}${search}`));
}

export const config = {
  matcher: ['/v1/:path*', '/media/:path*'],
};
