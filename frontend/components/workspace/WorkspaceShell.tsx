'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';

import { useAuth } from '@/components/auth/AuthProvider';
import type { Locale } from '@/lib/i18n/config';
import { requireRole, visibleNav, type Capability, type NavItem } from '@/lib/workspace';

export interface WorkspaceShellLabels {
  nav: string;
  checking: string;
}

/**
 * A workspace's frame: shown only once the session is known to hold one of ``allowed``
 * (signed out: to sign-in and back; without the capability: home), with the links its
 * person may use. The sidecar refuses every call regardless; this keeps people where
 * their work is.
 */
export function WorkspaceShell({
  allowed,
  locale,
  nav,
  labels,
  children,
}: {
  allowed: readonly Capability[];
  locale: Locale;
  nav: readonly NavItem[];
  labels: WorkspaceShellLabels;
  children: ReactNode;
}) {
  const { user } = useAuth();
  const router = useRouter();
  const pathname = usePathname();
  const decision = requireRole(user, allowed, pathname, locale);

  useEffect(() => {
    if (decision.kind !== 'redirect') return;
    // The whole address (with its query) comes back after signing in.
    const here = `${window.location.pathname}${window.location.search}`;
    const target = decision.reason === 'signed-out' ? requireRole(null, allowed, here, locale) : decision;
    if (target.kind === 'redirect') router.replace(target.to);
  }, [decision, allowed, locale, router]);

  if (decision.kind !== 'allow') {
    return (
      <p aria-busy="true" className="card p-6">
        {labels.checking}
      </p>
    );
  }
  const items = visibleNav(user, nav);
  return (
    <div className="grid gap-6 lg:grid-cols-[13rem_1fr]">
      <nav aria-label={labels.nav} className="lg:sticky lg:top-4 lg:self-start">
        <ul className="flex flex-wrap gap-2 lg:flex-col">
          {items.map((item) => {
            const current = pathname === item.href;
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={current ? 'page' : undefined}
                  className={`btn w-full justify-start rounded-lg px-3 ${current ? 'bg-brand-700 text-white' : 'bg-white text-stone-900 ring-1 ring-stone-300 hover:bg-stone-100'}`}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
