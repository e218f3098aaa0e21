import { api, unwrap } from '../../api/client';
import { TeamAccessEditor } from '../../components/TeamAccessEditor';
import { useTeamAccess } from '../../components/useTeamAccess';

/**
 * Which teams of the org may read, change or own the project (the project's access routes). Its
 * members read the rules; the project's OWNERs change them, and the API says so when a caller may not.
 */
export function ProjectAccessRules({ org, project }: { org: string; project: string }) {
  const path = { orgName: org, projectName: project };
  const { rules, grant, revoke } = useTeamAccess(['project', org, project, 'access'], {
    list: () => unwrap(api.GET('/api/v1/org/{orgName}/project/{projectName}/access', { params: { path } })),
    grant: (rule) =>
      unwrap(
        api.POST('/api/v1/org/{orgName}/project/{projectName}/access', {
          params: { path },
          body: { ...rule, orgName: org },
        }),
      ),
    replace: (all) =>
      unwrap(api.POST('/api/v1/org/{orgName}/project/{projectName}/access/bulk', { params: { path }, body: all })),
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
