import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client';

/** The API's message for a failed call, where the call was made; 429 says when to retry. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const status = error instanceof ApiError && error.status > 0 ? ` (${error.status})` : '';
  return (
    <Alert color="red" variant="light" role="alert" title={`${title ?? 'That did not work'}${status}`}>
      <Text size="sm">{errorMessage(error)}</Text>
    </Alert>
  );
}

/** The error for one form field, as the server named it (`id` of a validation error). */
export function fieldError(error: unknown, ...ids: string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  for (const id of ids) if (error.fields[id]) return error.fields[id];
  return undefined;
}

export function CopyValue({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="xs" variant="default" onClick={copy} aria-label={`Copy ${label}`}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      )}
    </CopyButton>
  );
}

/** A value the server returns once (a token, a key, a generated password): show it with a copy button. */
export function ShownOnce({ label, value, children }: { label: string; value: string; children?: ReactNode }) {
  return (
    <Alert color="yellow" variant="light" title={`${label}: shown once`} role="status">
      <Stack gap="xs">
        <Text size="sm">Copy it now: it is not stored in readable form and will not be shown again.</Text>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-label={label}>
            {value}
          </Code>
          <CopyValue value={value} label={label} />
        </Group>
        {children}
      </Stack>
    </Alert>
  );
}
