import { api, unwrap, type Schemas } from '../../api/client';
import { TeamAccessEditor } from '../../components/TeamAccessEditor';
import { useTeamAccess } from '../../components/useTeamAccess';
import { secretKey } from './SecretPage';

/** Which teams may read, change or own the secret (the secret's access routes). */
export function AccessRules({ org, secret }: { org: string; secret: Schemas['SecretEntry'] }) {
  const path = { orgName: org, secretName: secret.name };
  const { rules, grant, revoke } = useTeamAccess([...secretKey(org, secret.name), 'access'], {
    list: () => unwrap(api.GET('/api/v1/org/{orgName}/secret/{secretName}/access', { params: { path } })),
    grant: (rule) =>
      unwrap(
        api.POST('/api/v1/org/{orgName}/secret/{secretName}/access', {
          params: { path },
          body: { ...rule, orgName: org },
        }),
      ),
    replace: (all) =>
      unwrap(api.POST('/api/v1/org/{orgName}/secret/{secretName}/access/bulk', { params: { path }, body: all })),
  });
  return (
    <TeamAccessEditor
      org={org}
      what="secret"
      rules={rules.data}
      rulesError={rules.error}
      grant={grant}
      revoke={revoke}
    />
  );
}
