import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { UseMutationResult } from '@tanstack/react-query';
import { ErrorAlert } from './feedback';

/** A "Delete" button that asks first; the dialog's own button is also "Delete". */
export function ConfirmDelete({
  what,
  mutation,
  label = 'Delete',
  size = 'sm',
}: {
  what: string;
  mutation: UseMutationResult<unknown, Error, void>;
  label?: string;
  size?: 'xs' | 'sm';
}) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button color="red" variant="light" size={size} onClick={open}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={`Delete ${what}?`} centered>
        <Stack>
          <Text size="sm">This cannot be undone.</Text>
          <ErrorAlert error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={mutation.isPending}
              onClick={() => mutation.mutate(undefined, { onSuccess: close })}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
