import {
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  PasswordInput,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, formData, unwrap, type Schemas } from '../../api/client';
import { useProjects } from '../../api/orgs';
import { CopyValue, ErrorAlert, fieldError, ShownOnce } from '../../components/feedback';
import { FileField } from '../../components/FileField';

type CreateFields = NonNullable<
  import('../../api/schema').paths['/api/v1/org/{orgName}/secret']['post']['requestBody']
>['content']['multipart/form-data'];

type Kind = 'data' | 'username_password' | 'key_pair';
type Protection = 'server' | 'typed' | 'generated';

export const VISIBILITY_OPTIONS = [
  { value: 'PUBLIC', label: 'Public' },
  { value: 'PRIVATE', label: 'Private' },
];

export function NewSecretForm({ org, onDone }: { org: string; onDone: () => void }) {
  const queries = useQueryClient();
  const navigate = useNavigate();
  const projects = useProjects(org);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('data');
  const [value, setValue] = useState('');
  const [valueFile, setValueFile] = useState<File>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [keySource, setKeySource] = useState('generate');
  const [algorithm, setAlgorithm] = useState('rsa');
  const [publicFile, setPublicFile] = useState<File>();
  const [privateFile, setPrivateFile] = useState<File>();
  const [visibility, setVisibility] = useState('PUBLIC');
  const [projectNames, setProjectNames] = useState<string[]>([]);
  const [protection, setProtection] = useState<Protection>('server');
  const [storePassword, setStorePassword] = useState('');
  const [events, setEvents] = useState('');
  const [images, setImages] = useState('');

  const create = useMutation({
    mutationFn: () => {
      // Field names are the API's (typed from openapi.yaml); files travel as files.
      const fields: CreateFields = {
        name: name.trim(),
        type: kind,
        visibility,
        ...(projectNames.length > 0 ? { projects: projectNames.join(',') } : {}),
        ...(events.trim() ? { events: events.trim() } : {}),
        ...(images.trim() ? { images: images.trim() } : {}),
        ...(protection === 'typed' ? { storePassword } : {}),
        ...(protection === 'generated' ? { generatePassword: 'true' } : {}),
      };
      const files: Record<string, Blob | undefined> = {};
      if (kind === 'data') {
        if (valueFile) files.data = valueFile;
        else fields.data = value;
      } else if (kind === 'username_password') {
        fields.username = username;
        fields.password = password;
      } else if (keySource === 'upload') {
        files.public = publicFile;
        files.private = privateFile;
      } else {
        fields.keyAlgorithm = algorithm;
      }
      return unwrap(
        api.POST('/api/v1/org/{orgName}/secret', {
          params: { path: { orgName: org } },
          body: fields,
          bodySerializer: () => formData({ ...fields, ...files }),
        }),
      );
    },
    onSuccess: () => queries.invalidateQueries({ queryKey: ['secrets', org] }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  if (create.data) {
    return (
      <Created
        org={org}
        name={name.trim()}
        result={create.data}
        generated={protection === 'generated'}
        onDone={onDone}
        navigate={navigate}
      />
    );
  }

  const err = create.error;
  return (
    <form onSubmit={submit}>
      <Stack>
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(err, 'name')}
          data-autofocus
        />
        <NativeSelect
          label="Type"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as Kind)}
          data={[
            { value: 'data', label: 'Data' },
            { value: 'username_password', label: 'Username and password' },
            { value: 'key_pair', label: 'Key pair' },
          ]}
        />
        {kind === 'data' && (
          <>
            <Textarea
              label="Value"
              autosize
              minRows={2}
              maxRows={8}
              value={value}
              disabled={Boolean(valueFile)}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={fieldError(err, 'data')}
            />
            <FileField
              label="Or upload a file"
              description="Instead of typing it: the file's bytes are stored as they are"
              onChange={setValueFile}
            />
          </>
        )}
        {kind === 'username_password' && (
          <>
            <TextInput
              label="Username"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={fieldError(err, 'username')}
            />
            <PasswordInput
              label="Password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError(err, 'password')}
            />
          </>
        )}
        {kind === 'key_pair' && (
          <>
            <Radio.Group label="Key pair" value={keySource} onChange={setKeySource}>
              <Group mt="xs">
                <Radio value="generate" label="Generate a new key pair" />
                <Radio value="upload" label="Upload a key pair" />
              </Group>
            </Radio.Group>
            {keySource === 'generate' ? (
              <NativeSelect
                label="Key algorithm"
                value={algorithm}
                onChange={(e) => setAlgorithm(e.currentTarget.value)}
                data={[
                  { value: 'rsa', label: 'RSA (4096 bits)' },
                  { value: 'ed25519', label: 'Ed25519' },
                ]}
              />
            ) : (
              <>
                <FileField
                  label="Public key file"
                  description="OpenSSH format, e.g. id_ed25519.pub"
                  onChange={setPublicFile}
                  error={fieldError(err, 'public')}
                />
                <FileField
                  label="Private key file"
                  description="Unencrypted OpenSSH or PEM private key"
                  onChange={setPrivateFile}
                  error={fieldError(err, 'private')}
                />
              </>
            )}
          </>
        )}
        <NativeSelect
          label="Visibility"
          description="Public: every signed-in user can read it. Private: only the owner and teams granted access."
          value={visibility}
          onChange={(e) => setVisibility(e.currentTarget.value)}
          data={VISIBILITY_OPTIONS}
        />
        <MultiSelect
          label="Projects"
          description="Only flows of these projects may read the value; leave empty for the whole organization"
          data={(projects.data ?? []).map((p) => p.name)}
          value={projectNames}
          onChange={setProjectNames}
          searchable
          clearable
          error={fieldError(err, 'projects', 'project') ?? (projects.error ? projects.error.message : undefined)}
        />
        <Radio.Group label="Encryption" value={protection} onChange={setProtection}>
          <Stack mt="xs" gap="xs">
            <Radio value="server" label="Server key" />
            <Radio value="typed" label="A password I choose" />
            <Radio value="generated" label="A generated password (shown once)" />
          </Stack>
        </Radio.Group>
        {protection === 'typed' && (
          <PasswordInput
            label="Store password"
            description="Needed for every read of the value; the server does not keep it"
            required
            value={storePassword}
            onChange={(e) => setStorePassword(e.currentTarget.value)}
            error={fieldError(err, 'storePassword')}
          />
        )}
        <Group grow align="flex-start">
          <TextInput
            label="CI events"
            description="Comma-separated, e.g. push, tag; empty: every event"
            value={events}
            onChange={(e) => setEvents(e.currentTarget.value)}
            error={fieldError(err, 'events')}
          />
          <TextInput
            label="CI images"
            description="Comma-separated; empty: any image"
            value={images}
            onChange={(e) => setImages(e.currentTarget.value)}
            error={fieldError(err, 'images')}
          />
        </Group>
        <ErrorAlert error={err} title="Could not create the secret" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Created({
  org,
  name,
  result,
  generated,
  onDone,
  navigate,
}: {
  org: string;
  name: string;
  result: Schemas['SecretCreatedResult'];
  generated: boolean;
  onDone: () => void;
  navigate: ReturnType<typeof useNavigate>;
}) {
  return (
    <Stack>
      <Text role="status">Secret “{name}” created.</Text>
      {result.publicKey && (
        <Stack gap={4}>
          <Text fw={600}>Public key</Text>
          <Group wrap="nowrap" align="flex-start">
            <Text ff="monospace" size="xs" style={{ wordBreak: 'break-all', flex: 1 }}>
              {result.publicKey}
            </Text>
            <CopyValue value={result.publicKey} label="public key" />
          </Group>
        </Stack>
      )}
      {generated && result.password && <ShownOnce label="Store password" value={result.password} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Close
        </Button>
        <Button
          onClick={() => {
            onDone();
            void navigate(`/orgs/${encodeURIComponent(org)}/secrets/${encodeURIComponent(name)}`);
          }}
        >
          Open the secret
        </Button>
      </Group>
    </Stack>
  );
}
