import { Anchor, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { useOrgName, useProjects } from '../../api/orgs';
import { ErrorAlert, fieldError } from '../../components/feedback';
import { CreateSection } from '../../components/Section';
import { VISIBILITY_OPTIONS } from '../secrets/NewSecretForm';

export default function ProjectsPage() {
  const org = useOrgName();
  const projects = useProjects(org);
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<Schemas['ProjectEntry']['visibility']>('PUBLIC');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/org/{orgName}/project', {
          params: { path: { orgName: org } },
          body: { name: name.trim(), visibility, ...(description.trim() ? { description: description.trim() } : {}) },
        }),
      ),
    onSuccess: async () => {
      setName('');
      setDescription('');
      await queries.invalidateQueries({ queryKey: ['projects', org] });
    },
  });
  return (
    <Stack>
      <Title order={1}>Projects</Title>
      <ErrorAlert error={projects.error} title="Could not list the projects" />
      <Table aria-label="Projects" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Visibility</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Description</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(projects.data ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Anchor component={Link} to={`/orgs/${encodeURIComponent(org)}/projects/${encodeURIComponent(p.name)}`}>
                  {p.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{p.visibility === 'PRIVATE' ? 'Private' : 'Public'}</Table.Td>
              <Table.Td>{p.owner?.username ?? '—'}</Table.Td>
              <Table.Td>{p.description ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {projects.isSuccess && projects.data.length === 0 && <Text size="sm">No projects yet.</Text>}
      <CreateSection title="New project" button="Create project" mutation={create}>
        <Group align="flex-start" grow>
          <TextInput
            label="Project name"
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
          <NativeSelect
            label="Visibility"
            value={visibility}
            onChange={(e) => setVisibility(e.currentTarget.value as typeof visibility)}
            data={VISIBILITY_OPTIONS}
          />
        </Group>
      </CreateSection>
    </Stack>
  );
}
