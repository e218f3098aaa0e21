import { Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useOrgs, useProjects } from '../api/orgs';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { ErrorAlert, fieldError, ShownOnce } from '../components/feedback';
import { ActionsHeader, CreateSection } from '../components/Section';

const KEYS = ['api-keys'];

function DeleteKey({ id, name }: { id: string; name: string }) {
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/apikey/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: KEYS }),
  });
  return <ConfirmDelete what={`the API key “${name}”`} mutation={remove} size="xs" />;
}

function ProjectPicker({ org, value, onChange }: { org: string; value: string; onChange: (v: string) => void }) {
  const projects = useProjects(org);
  return (
    <NativeSelect
      label="Project"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[{ value: '', label: 'Choose a project' }, ...(projects.data ?? []).map((p) => p.name)]}
      error={projects.error?.message}
    />
  );
}

/** The signed-in user's own API keys; a new key is shown once. */
export default function ApiKeysPage() {
  const queries = useQueryClient();
  const orgs = useOrgs();
  const keys = useQuery({ queryKey: KEYS, queryFn: () => unwrap(api.GET('/api/v1/apikey')) });
  const [name, setName] = useState('');
  const [org, setOrg] = useState('');
  const [project, setProject] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/apikey', {
          body: {
            ...(name.trim() ? { name: name.trim() } : {}),
            ...(org && project ? { orgName: org, projectName: project } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      setName('');
      await queries.invalidateQueries({ queryKey: KEYS });
    },
  });
  return (
    <Stack>
      <Title order={1}>My API keys</Title>
      <ErrorAlert error={keys.error} title="Could not list your keys" />
      <Table aria-label="API keys" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Acts for a project</Table.Th>
            <Table.Th>Expires</Table.Th>
            <ActionsHeader />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(keys.data ?? []).map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>{k.name}</Table.Td>
              <Table.Td>{k.projectId ? 'Yes' : 'No'}</Table.Td>
              <Table.Td>{k.expiredAt ? new Date(k.expiredAt).toLocaleString() : 'Never'}</Table.Td>
              <Table.Td>
                <DeleteKey id={k.id} name={k.name} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {keys.isSuccess && keys.data.length === 0 && <Text size="sm">You have no API keys.</Text>}
      <CreateSection
        title="New API key"
        button="Create API key"
        mutation={create}
        after={<>{create.data && <ShownOnce label={`API key “${create.data.name}”`} value={create.data.key} />}</>}
      >
        <Group align="flex-start" grow>
          <TextInput
            label="Key name"
            description="Generated when left empty"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(create.error, 'name')}
          />
          <NativeSelect
            label="Bind to a project of"
            description="A bound key reads project-scoped secrets of that project"
            value={org}
            onChange={(e) => {
              setOrg(e.currentTarget.value);
              setProject('');
            }}
            data={[{ value: '', label: 'No project' }, ...(orgs.data ?? []).map((o) => o.name)]}
          />
          {org && <ProjectPicker org={org} value={project} onChange={setProject} />}
        </Group>
      </CreateSection>
    </Stack>
  );
}
