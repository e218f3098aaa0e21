import { Code, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import type { operations } from '../api/schema';
import { ErrorAlert } from './feedback';
import { Pager } from './Pager';

export type AuditFilter = NonNullable<operations['listAuditEvents']['parameters']['query']>;

const PAGE = 25;
const SHOWN_DETAILS = ['orgName', 'secretName', 'teamName', 'projectName', 'name', 'username', 'kind'];

function summary(e: Schemas['AuditEventEntry']): string {
  const d = (e.details ?? {}) as Record<string, unknown>;
  const parts = SHOWN_DETAILS.filter((k) => typeof d[k] === 'string').map((k) => `${k}: ${String(d[k])}`);
  const changes = d.changes;
  if (changes && typeof changes === 'object') parts.push(`changed: ${Object.keys(changes).join(', ')}`);
  return parts.join(' · ');
}

/** Audit events, newest first, a page at a time. */
export function AuditTable({ filter, label }: { filter: AuditFilter; label: string }) {
  const [offset, setOffset] = useState(0);
  const events = useQuery({
    queryKey: ['audit', filter, offset],
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query: { ...filter, offset, limit: PAGE + 1 } } })),
    placeholderData: keepPreviousData,
  });
  const rows = (events.data ?? []).slice(0, PAGE);
  return (
    <>
      <ErrorAlert error={events.error} title="Could not read the audit log" />
      <Table.ScrollContainer minWidth={700}>
        <Table aria-label={label} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Object</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e, i) => (
              <Table.Tr key={`${e.entryDate}-${i}`}>
                <Table.Td>{new Date(e.entryDate).toLocaleString()}</Table.Td>
                <Table.Td>{e.user?.username ?? '—'}</Table.Td>
                <Table.Td>
                  <Code>{e.action}</Code>
                </Table.Td>
                <Table.Td>{e.object}</Table.Td>
                <Table.Td>
                  <Text size="sm">{summary(e)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {events.isSuccess && rows.length === 0 && <Text size="sm">No events.</Text>}
      <Pager offset={offset} pageSize={PAGE} hasNext={(events.data?.length ?? 0) > PAGE} onChange={setOffset} />
    </>
  );
}
