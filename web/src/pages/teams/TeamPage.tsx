import { Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { useOrgName } from '../../api/orgs';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { ErrorAlert, fieldError } from '../../components/feedback';
import { ActionsHeader, Section } from '../../components/Section';

type Role = Schemas['TeamUserEntry']['role'];
const ROLES: Array<{ value: Role; label: string }> = [
  { value: 'MEMBER', label: 'Member' },
  { value: 'MAINTAINER', label: 'Maintainer' },
  { value: 'OWNER', label: 'Owner' },
];

export default function TeamPage() {
  const org = useOrgName();
  const { team = '' } = useParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const path = { orgName: org, teamName: team };
  const key = ['team-users', org, team];
  const team$ = useQuery({
    queryKey: ['team', org, team],
    queryFn: () => unwrap(api.GET('/api/v1/org/{orgName}/team/{teamName}', { params: { path } })),
  });
  const members = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/org/{orgName}/team/{teamName}/users', { params: { path } })),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: key });
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const put = useMutation({
    mutationFn: (entry: { username: string; role: Role }) =>
      unwrap(api.PUT('/api/v1/org/{orgName}/team/{teamName}/users', { params: { path }, body: [entry] })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (name: string) =>
      unwrap(api.DELETE('/api/v1/org/{orgName}/team/{teamName}/users', { params: { path }, body: [name] })),
    onSuccess: refresh,
  });
  const deleteTeam = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/org/{orgName}/team/{teamName}', { params: { path } })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['teams', org] });
      void navigate(`/orgs/${encodeURIComponent(org)}/teams`);
    },
  });
  const add = (event: FormEvent) => {
    event.preventDefault();
    put.mutate({ username: username.trim(), role }, { onSuccess: () => setUsername('') });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Team {team}</Title>
        <ConfirmDelete what={`the team “${team}”`} mutation={deleteTeam} />
      </Group>
      <ErrorAlert error={team$.error} title="Could not open the team" />
      {team$.data?.description && <Text>{team$.data.description}</Text>}
      <Section title="Members">
        <ErrorAlert error={members.error} title="Could not list the members" />
        <Table aria-label="Members" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Role</Table.Th>
              <ActionsHeader />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(members.data ?? []).map((m) => (
              <Table.Tr key={m.userId}>
                <Table.Td>
                  {m.displayName && m.displayName !== m.username ? `${m.displayName} (${m.username})` : m.username}
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={`Role of ${m.username}`}
                    size="xs"
                    value={m.role}
                    data={ROLES}
                    onChange={(e) => put.mutate({ username: m.username, role: e.currentTarget.value as Role })}
                    maw={160}
                  />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${m.username} from the team`}
                    onClick={() => remove.mutate(m.username)}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <ErrorAlert error={remove.error} title="Could not remove the member" />
        <form onSubmit={add}>
          <Group align="flex-end">
            <TextInput
              label="Username"
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={fieldError(put.error, 'username')}
            />
            <NativeSelect
              label="Role"
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as Role)}
              data={ROLES}
            />
            <Button type="submit" loading={put.isPending}>
              Add member
            </Button>
          </Group>
        </form>
        <ErrorAlert error={put.error} title="Could not change the members" />
      </Section>
    </Stack>
  );
}
