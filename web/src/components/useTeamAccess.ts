import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Level, Rule } from './TeamAccessEditor';

/** The calls to one thing's access routes (a secret's or a project's). */
export interface TeamAccessCalls {
  list: () => Promise<Rule[]>;
  grant: (rule: { teamName: string; level: Level }) => Promise<unknown>;
  /** Replaces every rule of the thing with `rules`. */
  replace: (rules: { teamId: string; level: Level }[]) => Promise<unknown>;
}

/** The rules under `key`, and the grant and revoke mutations `TeamAccessEditor` takes. */
export function useTeamAccess(key: readonly unknown[], calls: TeamAccessCalls) {
  const queries = useQueryClient();
  const rules = useQuery({ queryKey: key, queryFn: calls.list });
  // Rule changes are audited: the audit views show them.
  const refresh = () =>
    Promise.all([queries.invalidateQueries({ queryKey: key }), queries.invalidateQueries({ queryKey: ['audit'] })]);
  const grant = useMutation({ mutationFn: calls.grant, onSuccess: refresh });
  // One rule goes by replacing them all without it (the API has no single-rule delete).
  const revoke = useMutation({
    mutationFn: (teamId: string) =>
      calls.replace(
        (rules.data ?? []).filter((r) => r.teamId !== teamId).map((r) => ({ teamId: r.teamId, level: r.level })),
      ),
    onSuccess: refresh,
  });
  return { rules, grant, revoke };
}
