import { Input } from '@mantine/core';
import { useId } from 'react';

/** A labelled native file picker (keyboard- and screen-reader-friendly, and what tests can drive). */
export function FileField({
  label,
  description,
  error,
  onChange,
}: {
  label: string;
  description?: string;
  error?: string;
  onChange: (file: File | undefined) => void;
}) {
  const id = useId();
  return (
    <Input.Wrapper label={label} description={description} error={error} id={id}>
      <input id={id} type="file" onChange={(e) => onChange(e.currentTarget.files?.[0])} style={{ display: 'block' }} />
    </Input.Wrapper>
  );
}
