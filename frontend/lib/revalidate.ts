/** Checks a revalidation request from the sidecar and turns its public paths into routes. */
import { timingSafeEqual } from 'node:crypto';

import { routePath } from '@/lib/i18n/config';

export function secretMatches(expected: string | null, presented: string | null | undefined): boolean {
  if (!expected || !presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

const MAX_PATHS = 200;

/** The route paths to revalidate for the sidecar's public paths ("/cars", "/sw/help"...). */
export function routesFor(paths: unknown): string[] | null {
  if (!Array.isArray(paths) || paths.length > MAX_PATHS) return null;
  const routes: string[] = [];
  for (const path of paths) {
    if (typeof path !== 'string' || !path.startsWith('/') || path.length > 1024) return null;
    const route = routePath(path.split('?')[0] ?? path);
    if (!routes.includes(route)) routes.push(route);
  }
  return routes;
}
