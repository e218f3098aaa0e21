import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { TeamAccessEditor, type Level } from '../../components/TeamAccessEditor';

/**
 * Which teams of the org may read, change or own the project (the project's access routes). Its
 * members read the rules; the project's OWNERs change them, and the API says so when a caller may not.
 */
export function ProjectAccessRules({ org, project }: { org: string; project: string }) {
  const queries = useQueryClient();
  const key = ['project', org, project, 'access'];
  const path = { orgName: org, projectName: project };
  const rules = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/org/{orgName}/project/{projectName}/access', { params: { path } })),
  });
  // Rule changes are audited: the audit page shows them.
  const refresh = () =>
    Promise.all([queries.invalidateQueries({ queryKey: key }), queries.invalidateQueries({ queryKey: ['audit'] })]);
  const grant = useMutation({
    mutationFn: (rule: { teamName: string; level: Level }) =>
      unwrap(
        api.POST('/api/v1/org/{orgName}/project/{projectName}/access', {
          params: { path },
          body: { ...rule, orgName: org },
        }),
      ),
    onSuccess: refresh,
  });
  // One rule goes by replacing them all without it (the API has no single-rule delete).
  const revoke = useMutation({
    mutationFn: (teamId: string) =>
      unwrap(
        api.POST('/api/v1/org/{orgName}/project/{projectName}/access/bulk', {
          params: { path },
          body: (rules.data ?? [])
            .filter((r) => r.teamId !== teamId)
            .map((r) => ({ teamId: r.teamId, level: r.level })),
        }),
      ),
    onSuccess: refresh,
  });
  return (
    <TeamAccessEditor
      org={org}
      what="project"
      rules={rules.data}
      rulesError={rules.error}
      grant={grant}
      revoke={revoke}
    />
  );
}
