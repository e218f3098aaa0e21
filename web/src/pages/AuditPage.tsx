import { Button, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useOrgName } from '../api/orgs';
import { AuditTable, type AuditFilter } from '../components/AuditTable';

const ACTIONS = ['CREATE', 'UPDATE', 'DELETE', 'ACCESS'] as const;
const OBJECTS = ['SECRET', 'TEAM', 'PROJECT', 'ORGANIZATION', 'INTEGRATION', 'API_KEY', 'USER'] as const;

/** The org's audit log, filtered by action, object, user and time. */
export default function AuditPage() {
  const org = useOrgName();
  const [action, setAction] = useState('');
  const [object, setObject] = useState('');
  const [username, setUsername] = useState('');
  const [after, setAfter] = useState('');
  const [before, setBefore] = useState('');
  const [applied, setApplied] = useState<AuditFilter>({});

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied({
      ...(action ? { action: action as AuditFilter['action'] } : {}),
      ...(object ? { object: object as AuditFilter['object'] } : {}),
      ...(username.trim() ? { username: username.trim() } : {}),
      ...(after ? { after: new Date(after).toISOString() } : {}),
      ...(before ? { before: new Date(before).toISOString() } : {}),
    });
  };

  return (
    <Stack>
      <Title order={1}>Audit log</Title>
      <form onSubmit={apply} aria-label="Audit filters">
        <Group align="flex-end">
          <NativeSelect
            label="Action"
            value={action}
            onChange={(e) => setAction(e.currentTarget.value)}
            data={[{ value: '', label: 'Any' }, ...ACTIONS]}
          />
          <NativeSelect
            label="Object"
            value={object}
            onChange={(e) => setObject(e.currentTarget.value)}
            data={[{ value: '', label: 'Any' }, ...OBJECTS]}
          />
          <TextInput label="User" value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
          <TextInput
            label="After"
            type="datetime-local"
            value={after}
            onChange={(e) => setAfter(e.currentTarget.value)}
          />
          <TextInput
            label="Before"
            type="datetime-local"
            value={before}
            onChange={(e) => setBefore(e.currentTarget.value)}
          />
          <Button type="submit" variant="default">
            Apply filters
          </Button>
        </Group>
      </form>
      <AuditTable
        key={JSON.stringify(applied)}
        label={`Audit log of ${org}`}
        filter={{ ...applied, 'details.orgName': org }}
      />
    </Stack>
  );
}
