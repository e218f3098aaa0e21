import { Button, Group, Text } from '@mantine/core';

/** Previous/next paging over an API that answers pages without a total. */
export function Pager({
  offset,
  pageSize,
  hasNext,
  onChange,
}: {
  offset: number;
  pageSize: number;
  hasNext: boolean;
  onChange: (offset: number) => void;
}) {
  if (offset === 0 && !hasNext) return null;
  return (
    <Group gap="sm" component="nav" aria-label="Pages">
      <Button
        variant="default"
        size="xs"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - pageSize))}
      >
        Previous page
      </Button>
      <Text size="sm">Page {Math.floor(offset / pageSize) + 1}</Text>
      <Button variant="default" size="xs" disabled={!hasNext} onClick={() => onChange(offset + pageSize)}>
        Next page
      </Button>
    </Group>
  );
}
