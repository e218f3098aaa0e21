import { Button, Group, NativeSelect, Table, Text } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Schemas } from '../api/client';
import { useTeams } from '../api/orgs';
import { ErrorAlert, fieldError } from './feedback';
import { ActionsHeader, Section } from './Section';

export type Level = Schemas['AccessRuleEntry']['level'];
export type Rule = Schemas['AccessRuleEntry'];
const LEVELS: Level[] = ['READER', 'WRITER', 'OWNER'];
const LEVEL_LABELS: Record<Level, string> = { READER: 'Reader', WRITER: 'Writer', OWNER: 'Owner' };

/**
 * Which teams of the org hold which level on a thing: the rules, a form to grant one, a button to
 * remove one. The caller owns the API calls (a secret's or a project's access routes), so the same
 * editor serves both.
 */
export function TeamAccessEditor({
  org,
  what,
  rules,
  rulesError,
  grant,
  revoke,
}: {
  org: string;
  what: string;
  rules?: Rule[];
  rulesError: unknown;
  grant: UseMutationResult<unknown, Error, { teamName: string; level: Level }>;
  revoke: UseMutationResult<unknown, Error, string>;
}) {
  const teams = useTeams(org);
  const [team, setTeam] = useState('');
  const [level, setLevel] = useState<Level>('READER');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    grant.mutate({ teamName: team, level });
  };
  return (
    <Section title="Team access">
      <ErrorAlert error={rulesError} title="Could not read the access rules" />
      {rules && rules.length === 0 && <Text size="sm">No team has a rule on this {what}.</Text>}
      {rules && rules.length > 0 && (
        <Table aria-label="Team access rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Team</Table.Th>
              <Table.Th>Level</Table.Th>
              <ActionsHeader />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.map((r) => (
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
            data={[{ value: '', label: 'Choose a team' }, ...(teams.data ?? []).map((t) => t.name)]}
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
