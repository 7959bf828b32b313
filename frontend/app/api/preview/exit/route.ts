import { draftMode } from 'next/headers';
import { type NextRequest, NextResponse } from 'next/server';

/** Leaves preview (draft mode) and goes home. */
export async function GET(request: NextRequest) {
  (await draftMode()).disable();
  return NextResponse.redirect(new URL('/', request.url), 307);
}
