import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useSession } from './auth/session';
import { Shell } from './layout/Shell';
import { SignInPage } from './pages/SignInPage';

// Pages load on first visit, so the first paint carries only the shell and the sign-in form.
const SecretsPage = lazy(() => import('./pages/secrets/SecretsPage'));
const SecretPage = lazy(() => import('./pages/secrets/SecretPage'));
const TeamsPage = lazy(() => import('./pages/teams/TeamsPage'));
const TeamPage = lazy(() => import('./pages/teams/TeamPage'));
const ProjectsPage = lazy(() => import('./pages/projects/ProjectsPage'));
const ProjectPage = lazy(() => import('./pages/projects/ProjectPage'));
const IntegrationsPage = lazy(() => import('./pages/IntegrationsPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const ApiKeysPage = lazy(() => import('./pages/ApiKeysPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const HomePage = lazy(() => import('./pages/HomePage'));

export function Loading() {
  return (
    <Center p="xl">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function App() {
  const { session } = useSession();
  if (session === undefined) return <Loading />;
  if (session === null) return <SignInPage />;
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/sign-in" element={<Navigate to="/" replace />} />
          <Route path="/orgs/:org" element={<Navigate to="secrets" replace />} />
          <Route path="/orgs/:org/secrets" element={<SecretsPage />} />
          <Route path="/orgs/:org/secrets/:name" element={<SecretPage />} />
          <Route path="/orgs/:org/teams" element={<TeamsPage />} />
          <Route path="/orgs/:org/teams/:team" element={<TeamPage />} />
          <Route path="/orgs/:org/projects" element={<ProjectsPage />} />
          <Route path="/orgs/:org/projects/:project" element={<ProjectPage />} />
          <Route path="/orgs/:org/integrations" element={<IntegrationsPage />} />
          <Route path="/orgs/:org/audit" element={<AuditPage />} />
          <Route path="/account/api-keys" element={<ApiKeysPage />} />
          <Route path="/admin/users" element={<UsersPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
