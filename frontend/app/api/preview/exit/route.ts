import { draftMode } from 'next/headers';
import { NextResponse } from 'next/server';

/** Leaves preview (draft mode) and goes home. */
export async function GET() {
  (await draftMode()).disable();
  return new NextResponse(null, { status: 307, headers: { Location: '/' } });
}
