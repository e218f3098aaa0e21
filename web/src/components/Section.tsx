import { Button, Group, Paper, Stack, Table, Title, VisuallyHidden } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert } from './feedback';

/** A titled block of a page (an h2 region, so screen readers can jump between them). */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** A section holding one create form: its fields, a submit button, and the server's refusal under it. */
export function CreateSection({
  title,
  button,
  mutation,
  children,
  after,
}: {
  title: string;
  button: string;
  mutation: { mutate: () => void; isPending: boolean; error: unknown };
  children: ReactNode;
  /** What the answer shows once (a token, a key), under the form. */
  after?: ReactNode;
}) {
  return (
    <Section title={title}>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          mutation.mutate();
        }}
      >
        <Stack>
          {children}
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {button}
            </Button>
          </Group>
          <ErrorAlert error={mutation.error} title={`Could not ${button.toLowerCase()}`} />
          {after}
        </Stack>
      </form>
    </Section>
  );
}

/** A two-column table of a thing's properties, headed by their names. */
export function DetailsTable({ label, rows }: { label: string; rows: ReadonlyArray<readonly [string, ReactNode]> }) {
  return (
    <Table variant="vertical" aria-label={label}>
      <Table.Tbody>
        {rows.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th w={200}>{name}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The header of a table's last column, which holds buttons: named for screen readers only. */
export function ActionsHeader() {
  return (
    <Table.Th>
      <VisuallyHidden>Actions</VisuallyHidden>
    </Table.Th>
  );
}
