import { draftMode } from 'next/headers';
import { type NextRequest, NextResponse } from 'next/server';

import { settings } from '@/lib/config';
import { previewPath } from '@/lib/preview';
import { secretMatches } from '@/lib/revalidate';

/** Strapi's preview button: checks PREVIEW_SECRET, turns on draft mode, opens the page. */
export async function GET(request: NextRequest) {
  const query = request.nextUrl.searchParams;
  if (!secretMatches(settings.previewSecret, query.get('secret'))) {
    return new NextResponse('Invalid preview secret', { status: 401 });
  }
  const path = previewPath(query.get('uid'), query.get('slug'), query.get('locale'));
  if (!path) return new NextResponse('Unknown document type or slug', { status: 400 });
  (await draftMode()).enable();
  // A relative Location: the request's own host, whatever Next.js thinks it is.
  return new NextResponse(null, { status: 307, headers: { Location: path } });
}
