import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { TeamAccessEditor, type Level } from '../../components/TeamAccessEditor';
import { secretKey } from './SecretPage';

/** Which teams may read, change or own the secret (the secret's access routes). */
export function AccessRules({ org, secret }: { org: string; secret: Schemas['SecretEntry'] }) {
  const queries = useQueryClient();
  const key = [...secretKey(org, secret.name), 'access'];
  const path = { orgName: org, secretName: secret.name };
  const rules = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/org/{orgName}/secret/{secretName}/access', { params: { path } })),
  });
  // Rule changes are audited: the history shows them.
  const refresh = () =>
    Promise.all([queries.invalidateQueries({ queryKey: key }), queries.invalidateQueries({ queryKey: ['audit'] })]);
  const grant = useMutation({
    mutationFn: (rule: { teamName: string; level: Level }) =>
      unwrap(
        api.POST('/api/v1/org/{orgName}/secret/{secretName}/access', {
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
        api.POST('/api/v1/org/{orgName}/secret/{secretName}/access/bulk', {
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
      what="secret"
      rules={rules.data}
      rulesError={rules.error}
      grant={grant}
      revoke={revoke}
    />
  );
}
