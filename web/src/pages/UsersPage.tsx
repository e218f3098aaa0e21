import { Badge, Button, Checkbox, Group, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { useUser } from '../auth/session';
import { ErrorAlert, fieldError } from '../components/feedback';
import { ActionsHeader, CreateSection } from '../components/Section';

type User = Schemas['UserEntry'];

/** Exact lookup by name (admins): finds disabled users too, which the search leaves out. */
function useLookup() {
  return useMutation({
    mutationFn: (username: string) => unwrap(api.GET('/api/v1/user/{user}', { params: { path: { user: username } } })),
  });
}

function UserRow({ user, onChanged }: { user: User; onChanged: (u: User) => void }) {
  const [password, setPassword] = useState('');
  const disable = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v1/user/{id}/disable', { params: { path: { id: user.id } } })),
    onSuccess: onChanged,
  });
  // Re-posting a user updates it (and enables it: `disabled` defaults to false); its roles stay.
  const update = useMutation({
    mutationFn: async (body: { password?: string }) => {
      await unwrap(api.POST('/api/v1/user', { body: { username: user.name, type: user.type, ...body } }));
      return unwrap(api.GET('/api/v1/user/{user}', { params: { path: { user: user.name } } }));
    },
    onSuccess: (u) => {
      setPassword('');
      onChanged(u);
    },
  });
  const setNewPassword = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ password });
  };
  return (
    <Table.Tr>
      <Table.Td>{user.name}</Table.Td>
      <Table.Td>{user.displayName ?? ''}</Table.Td>
      <Table.Td>
        {user.disabled ? (
          <Badge color="red" variant="light">
            Disabled
          </Badge>
        ) : (
          <Badge variant="light">Active</Badge>
        )}
        {(user.roles ?? []).some((r) => r.name === 'concordAdmin') && (
          <Badge ml={4} color="grape" variant="light">
            Admin
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          <Group gap="xs">
            {user.disabled ? (
              <Button
                size="xs"
                variant="default"
                onClick={() => update.mutate({})}
                disabled={user.permanentlyDisabled}
                aria-label={`Enable ${user.name}`}
              >
                Enable
              </Button>
            ) : (
              <Button
                size="xs"
                variant="default"
                color="red"
                onClick={() => disable.mutate()}
                loading={disable.isPending}
                aria-label={`Disable ${user.name}`}
              >
                Disable
              </Button>
            )}
            {user.type === 'LOCAL' && (
              <form onSubmit={setNewPassword}>
                <Group gap={4}>
                  <PasswordInput
                    size="xs"
                    aria-label={`New password for ${user.name}`}
                    placeholder="New password"
                    value={password}
                    onChange={(e) => setPassword(e.currentTarget.value)}
                    required
                  />
                  <Button size="xs" type="submit" variant="default" loading={update.isPending}>
                    Set password
                  </Button>
                </Group>
              </form>
            )}
          </Group>
          {update.isSuccess && (
            <Text size="xs" role="status">
              Saved.
            </Text>
          )}
          <ErrorAlert error={disable.error ?? update.error} />
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

/** Admins: find, create, disable and enable users, and set their passwords. */
export default function UsersPage() {
  const me = useUser();
  const queries = useQueryClient();
  const [filter, setFilter] = useState('');
  const [applied, setApplied] = useState('');
  const [extra, setExtra] = useState<User[]>([]);
  const search = useQuery({
    queryKey: ['users', applied],
    enabled: applied.length > 0,
    queryFn: () => unwrap(api.GET('/api/v2/user', { params: { query: { filter: applied, limit: 50 } } })),
  });
  const lookup = useLookup();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [admin, setAdmin] = useState(false);
  const create = useMutation({
    mutationFn: async () => {
      await unwrap(
        api.POST('/api/v1/user', {
          body: {
            username: username.trim(),
            type: 'LOCAL',
            ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
            ...(password ? { password } : {}),
            ...(admin ? { roles: ['concordAdmin'] } : {}),
          },
        }),
      );
      return unwrap(api.GET('/api/v1/user/{user}', { params: { path: { user: username.trim() } } }));
    },
    onSuccess: (u) => {
      setUsername('');
      setDisplayName('');
      setPassword('');
      setAdmin(false);
      show(u);
    },
  });
  const show = (u: User) => {
    setExtra((list) => [u, ...list.filter((x) => x.id !== u.id)]);
    void queries.invalidateQueries({ queryKey: ['users'] });
  };

  if (!me.isAdmin)
    return (
      <Stack>
        <Title order={1}>Users</Title>
        <Text>Only administrators manage users.</Text>
      </Stack>
    );

  const found = search.data ?? [];
  const rows = [...extra, ...found.filter((u) => !extra.some((x) => x.id === u.id))];
  return (
    <Stack>
      <Title order={1}>Users</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filter.trim());
          if (filter.trim()) lookup.mutate(filter.trim(), { onSuccess: show, onError: () => undefined });
        }}
      >
        <Group align="flex-end">
          <TextInput
            label="Find users"
            description="Part of a username, display name or e-mail; an exact username also finds disabled users"
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value)}
          />
          <Button type="submit" variant="default">
            Search
          </Button>
        </Group>
      </form>
      <ErrorAlert error={search.error} title="Search failed" />
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table aria-label="Users" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Username</Table.Th>
                <Table.Th>Display name</Table.Th>
                <Table.Th>Status</Table.Th>
                <ActionsHeader />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((u) => (
                <UserRow key={u.id} user={u} onChanged={show} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {search.isSuccess && rows.length === 0 && <Text size="sm">No user matches “{applied}”.</Text>}
      <CreateSection title="New user" button="Create user" mutation={create}>
        <Group grow align="flex-start">
          <TextInput
            label="New username"
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={fieldError(create.error, 'username')}
          />
          <TextInput label="Display name" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} />
          <PasswordInput
            label="Initial password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(create.error, 'password')}
          />
        </Group>
        <Checkbox label="Administrator" checked={admin} onChange={(e) => setAdmin(e.currentTarget.checked)} />
      </CreateSection>
    </Stack>
  );
}
