import { Button, Group, MultiSelect, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, formData, unwrap, type Schemas } from '../../api/client';
import { useOrgs, useProjects } from '../../api/orgs';
import type { paths } from '../../api/schema';
import { ErrorAlert, fieldError } from '../../components/feedback';
import { Section } from '../../components/Section';
import { VISIBILITY_OPTIONS } from './NewSecretForm';

type UpdateFields = NonNullable<
  paths['/api/v2/org/{orgName}/secret/{secretName}']['post']['requestBody']
>['content']['multipart/form-data'];

/** One multipart update of the secret (v2): only the fields given change. */
function useUpdate(org: string, secret: Schemas['SecretEntry'], after?: (fields: UpdateFields) => void) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (fields: UpdateFields) => {
      await unwrap(
        api.POST('/api/v2/org/{orgName}/secret/{secretName}', {
          params: { path: { orgName: org, secretName: secret.name } },
          body: fields,
          bodySerializer: (body) => formData(body as UpdateFields),
        }),
      );
      return fields;
    },
    onSuccess: async (fields) => {
      await queries.invalidateQueries({ queryKey: ['secrets', org] });
      await queries.invalidateQueries({ queryKey: ['secret', org] });
      await queries.invalidateQueries({ queryKey: ['audit'] });
      after?.(fields);
    },
  });
}

function SettingForm({
  children,
  button,
  onSubmit,
  pending,
  error,
  done,
}: {
  children: ReactNode;
  button: string;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  done?: boolean;
}) {
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end">
          {children}
          <Button type="submit" variant="default" loading={pending}>
            {button}
          </Button>
        </Group>
        {done && !error && (
          <span role="status" style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
            Saved.
          </span>
        )}
        <ErrorAlert error={error} />
      </Stack>
    </form>
  );
}

export function SecretSettings({ org, secret }: { org: string; secret: Schemas['SecretEntry'] }) {
  const navigate = useNavigate();
  const orgs = useOrgs();
  const projects = useProjects(org);
  const [name, setName] = useState(secret.name);
  const [visibility, setVisibility] = useState<string>(secret.visibility);
  const [projectNames, setProjectNames] = useState(secret.projects.map((p) => p.name));
  const [events, setEvents] = useState((secret.events ?? []).join(', '));
  const [images, setImages] = useState((secret.images ?? []).join(', '));
  const [owner, setOwner] = useState('');
  const [target, setTarget] = useState('');

  const go = (orgName: string, secretName: string) =>
    void navigate(`/orgs/${encodeURIComponent(orgName)}/secrets/${encodeURIComponent(secretName)}`, { replace: true });
  const rename = useUpdate(org, secret, (f) => go(org, f.name ?? secret.name));
  const access = useUpdate(org, secret);
  const move = useUpdate(org, secret, (f) => go(f.org ?? org, secret.name));
  const changeOwner = useUpdate(org, secret);
  const findOwner = useMutation({
    mutationFn: async () => {
      const wanted = owner.trim();
      const found = await unwrap(api.GET('/api/v2/user', { params: { query: { filter: wanted, limit: 50 } } }));
      const user = found.find((u) => u.name.toLowerCase() === wanted.toLowerCase());
      if (!user) throw new ApiError(404, `No active user is called “${wanted}”.`);
      return changeOwner.mutateAsync({ ownerId: user.id });
    },
  });

  const projectsChanged = projectNames.join(',') !== secret.projects.map((p) => p.name).join(',');
  return (
    <Section title="Settings">
      <SettingForm
        button="Rename"
        onSubmit={() => rename.mutate({ name: name.trim() })}
        pending={rename.isPending}
        error={rename.error}
      >
        <TextInput
          label="New name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(rename.error, 'name')}
        />
      </SettingForm>
      <SettingForm
        button="Save access settings"
        onSubmit={() =>
          access.mutate({
            visibility,
            events: events.trim(),
            images: images.trim(),
            ...(projectsChanged
              ? projectNames.length > 0
                ? { projects: projectNames.join(',') }
                : { removeProjectLink: 'true' }
              : {}),
          })
        }
        pending={access.isPending}
        error={access.error}
        done={access.isSuccess}
      >
        <Stack gap="xs" style={{ flex: 1 }}>
          <NativeSelect
            label="Visibility"
            value={visibility}
            onChange={(e) => setVisibility(e.currentTarget.value)}
            data={VISIBILITY_OPTIONS}
            maw={240}
          />
          <MultiSelect
            label="Projects"
            data={[...new Set([...(projects.data ?? []).map((p) => p.name), ...projectNames])]}
            value={projectNames}
            onChange={setProjectNames}
            searchable
            clearable
            error={fieldError(access.error, 'projects')}
          />
          <Group grow>
            <TextInput
              label="CI events"
              value={events}
              onChange={(e) => setEvents(e.currentTarget.value)}
              error={fieldError(access.error, 'events')}
            />
            <TextInput
              label="CI images"
              value={images}
              onChange={(e) => setImages(e.currentTarget.value)}
              error={fieldError(access.error, 'images')}
            />
          </Group>
        </Stack>
      </SettingForm>
      <SettingForm
        button="Change owner"
        onSubmit={() => findOwner.mutate()}
        pending={findOwner.isPending}
        error={findOwner.error}
        done={findOwner.isSuccess}
      >
        <TextInput
          label="New owner"
          description="Username"
          value={owner}
          onChange={(e) => setOwner(e.currentTarget.value)}
        />
      </SettingForm>
      <SettingForm
        button="Move"
        onSubmit={() => move.mutate({ org: target })}
        pending={move.isPending}
        error={move.error}
      >
        <NativeSelect
          label="Move to organization"
          value={target}
          onChange={(e) => setTarget(e.currentTarget.value)}
          data={[
            { value: '', label: 'Choose an organization' },
            ...(orgs.data ?? []).filter((o) => o.name !== org).map((o) => o.name),
          ]}
        />
      </SettingForm>
    </Section>
  );
}
