import { revalidatePath, revalidateTag } from 'next/cache';
import { type NextRequest, NextResponse } from 'next/server';

import { CMS_TAG } from '@/lib/cms/strapi';
import { settings } from '@/lib/config';
import { routesFor, secretMatches } from '@/lib/revalidate';

/**
 * The sidecar's revalidation call after a CMS change: {"paths": [...]} with the
 * shared secret in x-revalidate-secret (REVALIDATE_SECRET = the sidecar's
 * FRONTEND_REVALIDATE_SECRET). The pages are rebuilt on their next visit, with fresh
 * CMS data (the content cache is expired too).
 */
export async function POST(request: NextRequest) {
  if (!secretMatches(settings.revalidateSecret, request.headers.get('x-revalidate-secret'))) {
    return NextResponse.json({ title: 'Unauthorized', status: 401, detail: 'Wrong or missing revalidation secret.' }, { status: 401, headers: { 'content-type': 'application/problem+json' } });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    body = null;
  }
  const routes = routesFor((body as { paths?: unknown } | null)?.paths);
  if (!routes) {
    return NextResponse.json({ title: 'Unprocessable', status: 422, detail: 'Expected {"paths": ["/...", ...]}.' }, { status: 422, headers: { 'content-type': 'application/problem+json' } });
  }
  // The content's data cache first, so the rebuilt pages read the new version.
  revalidateTag(CMS_TAG, { expire: 0 });
  for (const route of routes) revalidatePath(route);
  return NextResponse.json({ revalidated: true, paths: routes });
}
