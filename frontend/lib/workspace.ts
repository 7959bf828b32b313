/**
 * Who may open which workspace, and where a signed-in person lands: pure rules shared by
 * the workspace guard, its navigation and the sign-in form.
 *
 * The session lives in the browser (an in-memory access token and a refresh cookie
 * scoped to /v1/auth), so the Next.js server never knows who is asking: the guard runs
 * in the browser once the session is restored, and the sidecar's own checks stay the
 * authority (every workspace call is refused there regardless of what the UI shows).
 */
import { localePath, type Locale } from '@/lib/i18n/config';
import type { User } from '@/lib/api/types';

/** What a person may do in the workspaces: an admin, a parts vendor, an importer. */
export type Capability = 'admin' | 'parts' | 'importer';

/** The workspaces and the capability each serves. */
export const WORKSPACES = {
  admin: { path: '/admin', capability: 'admin' },
  vendor: { path: '/vendor', capability: 'parts' },
  importer: { path: '/importer', capability: 'importer' },
} as const satisfies Record<string, { path: string; capability: Capability }>;

export type Workspace = keyof typeof WORKSPACES;

/** A user's capabilities: admins are admins; approved vendors by their kinds (parts when unsaid). */
export function capabilitiesOf(user: User | null | undefined): Set<Capability> {
  const found = new Set<Capability>();
  if (!user) return found;
  if (user.role === 'admin') found.add('admin');
  if (user.role === 'vendor' && user.vendor?.approved) {
    const kinds = user.vendor.kinds ?? ['parts'];
    if (kinds.includes('parts')) found.add('parts');
    if (kinds.includes('importer')) found.add('importer');
  }
  return found;
}

/** Whether ``user`` holds at least one of ``allowed``. */
export function hasAny(user: User | null | undefined, allowed: readonly Capability[]): boolean {
  const held = capabilitiesOf(user);
  return allowed.some((capability) => held.has(capability));
}

export type GuardDecision =
  | { kind: 'wait' }
  | { kind: 'allow' }
  | { kind: 'redirect'; to: string; reason: 'signed-out' | 'forbidden' };

/**
 * The guard's decision: wait while the session is restored (``undefined``), send a
 * signed-out person to sign in (coming back to ``nextPath``), send a signed-in person
 * without the capability home.
 */
export function requireRole(
  user: User | null | undefined,
  allowed: readonly Capability[],
  nextPath: string,
  locale: Locale,
): GuardDecision {
  if (user === undefined) return { kind: 'wait' };
  if (user === null) return { kind: 'redirect', to: signInHref(nextPath, locale), reason: 'signed-out' };
  if (!hasAny(user, allowed)) return { kind: 'redirect', to: localePath('/', locale), reason: 'forbidden' };
  return { kind: 'allow' };
}

export function signInHref(nextPath: string, locale: Locale): string {
  return `${localePath('/login', locale)}?next=${encodeURIComponent(nextPath)}`;
}

/** Where a person lands after signing in without a ?next=: their workspace, or the account. */
export function homeOf(user: User, locale: Locale): string {
  const held = capabilitiesOf(user);
  if (held.has('admin')) return localePath(WORKSPACES.admin.path, locale);
  // An importer's work has deadlines (ships, customers waiting): it comes first.
  if (held.has('importer')) return localePath(WORKSPACES.importer.path, locale);
  if (held.has('parts')) return localePath(WORKSPACES.vendor.path, locale);
  return localePath('/account', locale);
}

/** One link of a workspace's navigation and the capabilities it serves. */
export interface NavItem {
  href: string;
  label: string;
  serves: readonly Capability[];
}

/** The items ``user`` may use (hiding is a courtesy; the API refuses regardless). */
export function visibleNav(user: User | null | undefined, items: readonly NavItem[]): NavItem[] {
  return items.filter((item) => hasAny(user, item.serves));
}

/** The current URL's query with some keys changed (``undefined``/'' removes them). */
export function withParams(
  current: URLSearchParams | Readonly<URLSearchParams>,
  changes: Record<string, string | number | undefined | null>,
): string {
  const next = new URLSearchParams(current.toString());
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
  }
  const text = next.toString();
  return text ? `?${text}` : '';
}

/** The API query for a table: the allowed keys of the page's URL (else their
 * ``defaults``) plus fixed ones. */
export function apiQuery(
  current: URLSearchParams | Readonly<URLSearchParams>,
  allowed: readonly string[],
  fixed: Record<string, string | number | readonly string[]> = {},
  defaults: Record<string, string | number> = {},
): string {
  const query = new URLSearchParams();
  for (const key of ['page', 'limit', 'sort', ...allowed]) {
    const value = current.get(key) || (key in defaults ? String(defaults[key]) : '');
    if (value) query.set(key, value);
  }
  for (const [key, value] of Object.entries(fixed)) {
    // A list repeats the parameter (status=failed&status=undeliverable).
    if (Array.isArray(value)) {
      query.delete(key);
      for (const item of value) query.append(key, item);
    } else query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The next sort of a column: ascending, then descending (``-field``), then ascending. */
export function nextSort(current: string | null, field: string): string {
  return current === field ? `-${field}` : field;
}

/** aria-sort of a column under the current sort. */
export function ariaSort(current: string | null, field: string): 'ascending' | 'descending' | 'none' {
  if (current === field) return 'ascending';
  if (current === `-${field}`) return 'descending';
  return 'none';
}
