'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

import { api } from '@/lib/api/browser';
import type { User } from '@/lib/api/types';

interface AuthState {
  /** undefined while the session is being restored, null when signed out. */
  user: User | null | undefined;
  setUser: (user: User | null) => void;
  signOut: () => Promise<void>;
  reload: () => Promise<void>;
  /** The user once the session is known (waits for the restore on page load). */
  ensureUser: () => Promise<User | null>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Restores the session from the refresh cookie once per page load (only when one may exist). */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const restoring = useRef<Promise<User | null> | null>(null);

  const reload = useCallback(async () => {
    restoring.current = api.me().catch(() => null);
    setUser(await restoring.current);
  }, []);

  const ensureUser = useCallback(
    async () => (user !== undefined ? user : ((await restoring.current) ?? null)),
    [user],
  );

  useEffect(() => {
    // Restores the session once on load (the access token lives only in memory).
    void reload();
    return api.onSignedOut(() => setUser(null));
  }, [reload]);

  const signOut = useCallback(async () => {
    await api.logout().catch(() => undefined);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, setUser, signOut, reload, ensureUser }), [user, signOut, reload, ensureUser]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
