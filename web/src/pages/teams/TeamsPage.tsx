import { Anchor, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useOrgName, useTeams } from '../../api/orgs';
import { ErrorAlert, fieldError } from '../../components/feedback';
import { CreateSection } from '../../components/Section';

export default function TeamsPage() {
  const org = useOrgName();
  const teams = useTeams(org);
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/org/{orgName}/team', {
          params: { path: { orgName: org } },
          body: { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
        }),
      ),
    onSuccess: async () => {
      setName('');
      setDescription('');
      await queries.invalidateQueries({ queryKey: ['teams', org] });
    },
  });
  return (
    <Stack>
      <Title order={1}>Teams</Title>
      <ErrorAlert error={teams.error} title="Could not list the teams" />
      <Table aria-label="Teams" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Description</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(teams.data ?? []).map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>
                <Anchor component={Link} to={`/orgs/${encodeURIComponent(org)}/teams/${encodeURIComponent(t.name)}`}>
                  {t.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{t.description ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {teams.isSuccess && teams.data.length === 0 && <Text size="sm">No teams yet.</Text>}
      <CreateSection title="New team" button="Create team" mutation={create}>
        <Group align="flex-start" grow>
          <TextInput
            label="Team name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(create.error, 'name')}
          />
          <TextInput
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldError(create.error, 'description')}
          />
        </Group>
      </CreateSection>
    </Stack>
  );
}
