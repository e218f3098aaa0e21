import { Button, Group, NativeSelect, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { useTeams } from '../../api/orgs';
import { ErrorAlert, fieldError } from '../../components/feedback';
import { ActionsHeader, Section } from '../../components/Section';
import { secretKey } from './SecretPage';

type Level = Schemas['AccessEntryDto']['level'];
const LEVELS: Level[] = ['READER', 'WRITER', 'OWNER'];
const LEVEL_LABELS: Record<Level, string> = { READER: 'Reader', WRITER: 'Writer', OWNER: 'Owner' };

/** Which teams may read, change or own the secret. */
export function AccessRules({ org, secret }: { org: string; secret: Schemas['SecretEntry'] }) {
  const queries = useQueryClient();
  const key = [...secretKey(org, secret.name), 'access'];
  const path = { orgName: org, secretName: secret.name };
  const rules = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/org/{orgName}/secret/{secretName}/access', { params: { path } })),
  });
  const teams = useTeams(org);
  const [team, setTeam] = useState('');
  const [level, setLevel] = useState<Level>('READER');
  const refresh = () =>
    Promise.all([queries.invalidateQueries({ queryKey: key }), queries.invalidateQueries({ queryKey: ['audit'] })]);
  const grant = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/org/{orgName}/secret/{secretName}/access', {
          params: { path },
          body: { teamName: team, orgName: org, level },
        }),
      ),
    onSuccess: refresh,
  });
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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    grant.mutate();
  };
  const teamNames = (teams.data ?? []).map((t) => t.name);
  return (
    <Section title="Team access">
      <ErrorAlert error={rules.error} title="Could not read the access rules" />
      {rules.data && rules.data.length === 0 && <Text size="sm">No team has a rule on this secret.</Text>}
      {rules.data && rules.data.length > 0 && (
        <Table aria-label="Team access rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Team</Table.Th>
              <Table.Th>Level</Table.Th>
              <ActionsHeader />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.map((r) => (
              <Table.Tr key={r.teamId}>
                <Table.Td>{r.teamName}</Table.Td>
                <Table.Td>{LEVEL_LABELS[r.level]}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove the rule of team ${r.teamName}`}
                    loading={revoke.isPending && revoke.variables === r.teamId}
                    onClick={() => revoke.mutate(r.teamId)}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ErrorAlert error={revoke.error} title="Could not remove the rule" />
      <form onSubmit={submit}>
        <Group align="flex-end">
          <NativeSelect
            label="Team"
            value={team}
            onChange={(e) => setTeam(e.currentTarget.value)}
            data={[{ value: '', label: 'Choose a team' }, ...teamNames]}
            error={fieldError(grant.error, 'teamName', 'teamId') ?? (teams.error ? teams.error.message : undefined)}
          />
          <NativeSelect
            label="Level"
            value={level}
            onChange={(e) => setLevel(e.currentTarget.value as Level)}
            data={LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
          />
          <Button type="submit" loading={grant.isPending}>
            Grant
          </Button>
        </Group>
      </form>
      <ErrorAlert error={grant.error} title="Could not grant access" />
    </Section>
  );
}
