import { Button, Code, Group, PasswordInput, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, formData, unwrap, type Schemas } from '../../api/client';
import { CopyValue, ErrorAlert, fieldError } from '../../components/feedback';
import { Section } from '../../components/Section';
import { decodeValue, type RevealedValue } from './secret-types';

function download(name: string, value: RevealedValue) {
  const content =
    value.type === 'DATA'
      ? value.bytes
      : value.type === 'KEY_PAIR'
        ? value.privateKey
        : `${value.username}\n${value.password}\n`;
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Shown({ value }: { value: RevealedValue }) {
  const rows: Array<[string, string]> =
    value.type === 'USERNAME_PASSWORD'
      ? [
          ['Username', value.username],
          ['Password', value.password],
        ]
      : value.type === 'KEY_PAIR'
        ? [
            ['Public key', value.publicKey],
            ['Private key', value.privateKey],
          ]
        : [['Value', value.text ?? `${value.bytes.length} bytes of binary data: download it to use it`]];
  return (
    <Table variant="vertical" aria-label="Secret value">
      <Table.Tbody>
        {rows.map(([label, text]) => (
          <Table.Tr key={label}>
            <Table.Th w={140}>{label}</Table.Th>
            <Table.Td>
              <Group wrap="nowrap" align="flex-start">
                <Code block style={{ flex: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  {text}
                </Code>
                {(value.type !== 'DATA' || value.text !== undefined) && (
                  <CopyValue value={text} label={label.toLowerCase()} />
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Reads the value on request (audited as an ACCESS), asking for the store password when it has one. */
export function RevealValue({ org, secret }: { org: string; secret: Schemas['SecretEntry'] }) {
  const needsPassword = secret.encryptedBy === 'PASSWORD';
  const [storePassword, setStorePassword] = useState('');
  const [value, setValue] = useState<RevealedValue>();
  const queries = useQueryClient();
  const read = useMutation({
    mutationFn: async () => {
      const bytes = await unwrap(
        api.POST('/api/v1/org/{orgName}/secret/{secretName}/data', {
          params: { path: { orgName: org, secretName: secret.name } },
          body: needsPassword ? { storePassword } : {},
          bodySerializer: (body) => formData(body ?? {}),
          parseAs: 'arrayBuffer',
        }),
      );
      return decodeValue(secret.type, bytes);
    },
    // Every read is audited: the history below shows it.
    onSettled: () => queries.invalidateQueries({ queryKey: ['audit'] }),
  });

  const reveal = (event: FormEvent) => {
    event.preventDefault();
    read.mutate(undefined, { onSuccess: setValue });
  };
  const save = () =>
    read.mutate(undefined, {
      onSuccess: (v) => download(secret.type === 'KEY_PAIR' ? `${secret.name}.key` : secret.name, v),
    });

  return (
    <Section title="Value">
      {value ? (
        <Stack>
          <Shown value={value} />
          <Group>
            <Button variant="default" onClick={() => setValue(undefined)}>
              Hide
            </Button>
            <Button
              variant="default"
              onClick={() => download(secret.type === 'KEY_PAIR' ? `${secret.name}.key` : secret.name, value)}
            >
              Download
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={reveal}>
          <Stack>
            <Text size="sm">Reading the value is recorded in the audit log.</Text>
            {needsPassword && (
              <PasswordInput
                label="Store password"
                required
                maw={360}
                value={storePassword}
                onChange={(e) => setStorePassword(e.currentTarget.value)}
                error={fieldError(read.error, 'storePassword')}
              />
            )}
            <Group>
              <Button type="submit" loading={read.isPending}>
                Reveal
              </Button>
              <Button variant="default" onClick={save} disabled={needsPassword && !storePassword}>
                Download
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <ErrorAlert error={read.error} title="Could not read the value" />
    </Section>
  );
}
