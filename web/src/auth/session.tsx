import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, api, onUnauthorized, unwrap, type Schemas } from '../api/client';

export interface Session {
  username: string;
  displayName: string;
  isAdmin: boolean;
  /** Orgs the user is in a team of, from whoami. */
  orgs: Schemas['OrgRefEntry'][];
}

type Credentials = { username: string; password: string } | { apiKey: string };

interface SessionState {
  /** undefined while the first probe runs; null when signed out. */
  session: Session | null | undefined;
  /** Why the user is looking at the sign-in page, when it is not their choice. */
  notice?: string;
  signIn: (credentials: Credentials) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in user, on pages that only render signed in. */
export function useUser(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useUser while signed out');
  return session;
}

function basic(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** Whoami (with the credentials, which opens the cookie session) plus the roles from userInfo. */
async function load(authorization?: string): Promise<Session> {
  const headers: Record<string, string> = authorization
    ? { Authorization: authorization, 'X-Concord-EnableSession': 'true' }
    : {};
  const who = await unwrap(api.GET('/api/service/console/whoami', { headers }));
  const info = await unwrap(api.GET('/api/service/console/userInfo'));
  return {
    username: who.username,
    displayName: who.displayName,
    isAdmin: (info.roles ?? []).includes('concordAdmin'),
    orgs: who.orgs ?? [],
  };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [notice, setNotice] = useState<string>();
  const signedIn = useRef(false);
  signedIn.current = Boolean(session);

  useEffect(() => {
    // An existing cookie session (a reload) is picked up; anything else means signing in.
    load().then(setSession, () => setSession(null));
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      queries.clear();
      if (signedIn.current) setNotice('Your session has ended. Sign in again.');
      setSession(null);
    });
    return () => onUnauthorized(undefined);
  }, [queries]);

  const signIn = useCallback(async (credentials: Credentials) => {
    const authorization =
      'apiKey' in credentials ? credentials.apiKey.trim() : basic(credentials.username, credentials.password);
    const next = await load(authorization);
    setNotice(undefined);
    setSession(next);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await unwrap(api.POST('/api/service/console/logout'));
    } catch (error) {
      // Signed out locally either way; a server that cannot be reached keeps the cookie until it expires.
      if (!(error instanceof ApiError)) throw error;
    }
    queries.clear();
    setNotice(undefined);
    setSession(null);
  }, [queries]);

  const value = useMemo(() => ({ session, notice, signIn, signOut }), [session, notice, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
