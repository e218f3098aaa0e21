import { Anchor, Badge, Button, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useOrgName } from '../../api/orgs';
import { ErrorAlert } from '../../components/feedback';
import { Pager } from '../../components/Pager';
import { NewSecretForm } from './NewSecretForm';
import { TYPE_LABELS } from './secret-types';

const PAGE = 20;

export default function SecretsPage() {
  const org = useOrgName();
  const [search, setSearch] = useState('');
  const [filter] = useDebouncedValue(search.trim(), 250);
  const [offset, setOffset] = useState(0);
  const [creating, { open, close }] = useDisclosure(false);
  // One more than a page tells whether there is a next one (the API sends no total).
  const list = useQuery({
    queryKey: ['secrets', org, filter, offset],
    queryFn: () =>
      unwrap(
        api.GET('/api/v2/org/{orgName}/secret', {
          params: { path: { orgName: org }, query: { offset, limit: PAGE + 1, ...(filter ? { filter } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = (list.data ?? []).slice(0, PAGE);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Secrets</Title>
        <Button onClick={open}>New secret</Button>
      </Group>
      <TextInput
        label="Search"
        placeholder="Part of a name"
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setOffset(0);
        }}
        maw={360}
      />
      <ErrorAlert error={list.error} title="Could not list the secrets" />
      <Table.ScrollContainer minWidth={700}>
        <Table striped highlightOnHover aria-label="Secrets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Visibility</Table.Th>
              <Table.Th>Protected by</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Projects</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/orgs/${encodeURIComponent(org)}/secrets/${encodeURIComponent(s.name)}`}
                  >
                    {s.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{TYPE_LABELS[s.type]}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={s.visibility === 'PRIVATE' ? 'grape' : 'gray'}>
                    {s.visibility === 'PRIVATE' ? 'Private' : 'Public'}
                  </Badge>
                </Table.Td>
                <Table.Td>{s.encryptedBy === 'PASSWORD' ? 'Store password' : 'Server key'}</Table.Td>
                <Table.Td>{s.owner?.username ?? '—'}</Table.Td>
                <Table.Td>{s.projects.map((p) => p.name).join(', ') || '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && (
        <Text>{filter ? `No secret matches “${filter}”.` : 'No secrets in this organization yet.'}</Text>
      )}
      <Pager offset={offset} pageSize={PAGE} hasNext={(list.data?.length ?? 0) > PAGE} onChange={setOffset} />
      <Modal opened={creating} onClose={close} title="New secret" size="lg">
        <NewSecretForm org={org} onDone={close} />
      </Modal>
    </Stack>
  );
}
