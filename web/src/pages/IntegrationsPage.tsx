import { Group, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { useOrgName, useTeams } from '../api/orgs';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { CopyValue, ErrorAlert, fieldError, ShownOnce } from '../components/feedback';
import { ActionsHeader, CreateSection } from '../components/Section';

type Kind = Schemas['IntegrationCreateDto']['kind'];
const KINDS: Array<{ value: Kind; label: string }> = [
  { value: 'drone', label: 'Drone 1.x and later' },
  { value: 'drone-legacy', label: 'Drone 0.8' },
  { value: 'woodpecker', label: 'Woodpecker' },
];

function DeleteIntegration({ org, name }: { org: string; name: string }) {
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/org/{orgName}/integration/{name}', { params: { path: { orgName: org, name } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['integrations', org] }),
  });
  return <ConfirmDelete what={`the integration “${name}”`} mutation={remove} size="xs" />;
}

export default function IntegrationsPage() {
  const org = useOrgName();
  const queries = useQueryClient();
  const teams = useTeams(org);
  const list = useQuery({
    queryKey: ['integrations', org],
    queryFn: () => unwrap(api.GET('/api/v1/org/{orgName}/integration', { params: { path: { orgName: org } } })),
  });
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('drone');
  const [teamName, setTeamName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/org/{orgName}/integration', {
          params: { path: { orgName: org } },
          body: {
            name: name.trim(),
            kind,
            ...(teamName ? { teamName } : {}),
            ...(kind === 'woodpecker' ? { publicKey } : {}),
          },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['integrations', org] }),
  });
  const created = create.data;
  return (
    <Stack>
      <Title order={1}>Integrations</Title>
      <Text size="sm">CI servers that fetch this organization&apos;s secrets in their own protocol.</Text>
      <ErrorAlert error={list.error} title="Could not list the integrations" />
      <Table.ScrollContainer minWidth={700}>
        <Table aria-label="Integrations" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Team</Table.Th>
              <Table.Th>Endpoint</Table.Th>
              <Table.Th>Created</Table.Th>
              <ActionsHeader />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data ?? []).map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.name}</Table.Td>
                <Table.Td>{KINDS.find((k) => k.value === i.kind)?.label ?? i.kind}</Table.Td>
                <Table.Td>{i.teamName ?? '—'}</Table.Td>
                <Table.Td>
                  <Text ff="monospace" size="xs">
                    {i.endpoint}
                  </Text>
                </Table.Td>
                <Table.Td>{new Date(i.createdAt).toLocaleString()}</Table.Td>
                <Table.Td>
                  <DeleteIntegration org={org} name={i.name} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && list.data.length === 0 && <Text size="sm">No integrations yet.</Text>}
      <CreateSection
        title="New integration"
        button="Create integration"
        mutation={create}
        after={
          <>
            {created && (
              <Stack>
                <Group gap="xs">
                  <Text size="sm">
                    Endpoint of “{created.name}”, relative to this server:{' '}
                    <Text span ff="monospace" aria-label="Endpoint">
                      {created.endpoint}
                    </Text>
                  </Text>
                  <CopyValue value={`${window.location.origin}${created.endpoint}`} label="endpoint" />
                </Group>
                {created.token && <ShownOnce label="Token" value={created.token} />}
              </Stack>
            )}
          </>
        }
      >
        <Group align="flex-start" grow>
          <TextInput
            label="Integration name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(create.error, 'name')}
          />
          <NativeSelect
            label="Kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as Kind)}
            data={KINDS}
          />
          <NativeSelect
            label="Team"
            description="Its grants on private secrets are shared"
            value={teamName}
            onChange={(e) => setTeamName(e.currentTarget.value)}
            data={[{ value: '', label: 'No team: public secrets only' }, ...(teams.data ?? []).map((t) => t.name)]}
            error={fieldError(create.error, 'teamName')}
          />
        </Group>
        {kind === 'woodpecker' && (
          <Textarea
            label="Woodpecker public key"
            description="PEM, from the Woodpecker server's /api/signature/public-key"
            required
            autosize
            minRows={3}
            value={publicKey}
            onChange={(e) => setPublicKey(e.currentTarget.value)}
            error={fieldError(create.error, 'publicKey')}
          />
        )}
      </CreateSection>
    </Stack>
  );
}
