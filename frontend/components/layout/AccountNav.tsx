'use client';

import Link from 'next/link';

import { useAuth } from '@/components/auth/AuthProvider';
import { hasAny } from '@/lib/workspace';

export interface AccountNavLabels {
  account: string;
  signIn: string;
  signOut: string;
  admin: string;
  workspace: string;
}

/** "Sign in" or "My account" (and moderation for admins), once the session is known. */
export function AccountNav({ labels, prefix }: { labels: AccountNavLabels; prefix: string }) {
  const { user, signOut } = useAuth();
  if (user === undefined) {
    return <span className="inline-block min-h-11 w-24" aria-hidden="true" />;
  }
  if (!user) {
    return (
      <Link href={`${prefix}/login`} className="btn-secondary px-3 text-sm sm:text-base">
        {labels.signIn}
      </Link>
    );
  }
  return (
    <div className="flex items-center gap-2">
      {user.role === 'admin' ? (
        <Link href={`${prefix}/admin/cars`} className="btn-secondary hidden sm:inline-flex">
          {labels.admin}
        </Link>
      ) : null}
      {hasAny(user, ['parts']) ? (
        <Link href={`${prefix}/vendor`} className="btn-secondary hidden sm:inline-flex">
          {labels.workspace}
        </Link>
      ) : hasAny(user, ['importer']) ? (
        <Link href={`${prefix}/importer`} className="btn-secondary hidden sm:inline-flex">
          {labels.workspace}
        </Link>
      ) : null}
      <Link href={`${prefix}/account`} className="btn-secondary px-3 text-sm sm:text-base">
        {labels.account}
      </Link>
      <button type="button" className="btn hidden text-stone-700 underline sm:inline-flex" onClick={() => void signOut()}>
        {labels.signOut}
      </button>
    </div>
  );
}
