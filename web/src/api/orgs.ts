import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { api, unwrap } from './client';

/** The org in the URL (`/orgs/:org/...`). */
export function useOrgName(): string {
  const { org } = useParams();
  if (!org) throw new Error('route without :org');
  return org;
}

/** Orgs the user can see (admins: all), sorted by name. */
export function useOrgs() {
  return useQuery({
    queryKey: ['orgs'],
    queryFn: () => unwrap(api.GET('/api/v1/org', { params: { query: { limit: 1000 } } })),
  });
}

export function useTeams(org: string) {
  return useQuery({
    queryKey: ['teams', org],
    queryFn: () => unwrap(api.GET('/api/v1/org/{orgName}/team', { params: { path: { orgName: org } } })),
  });
}

export function useProjects(org: string) {
  return useQuery({
    queryKey: ['projects', org],
    queryFn: () =>
      unwrap(api.GET('/api/v1/org/{orgName}/project', { params: { path: { orgName: org }, query: { limit: 1000 } } })),
  });
}
