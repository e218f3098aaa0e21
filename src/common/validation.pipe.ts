import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from './errors';

function flatten(errors: ValidationError[], prefix = ''): { id: string; message: string }[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ id: path, message }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** DTO validation with Concord's validation-error body: `[{"id":"<field path>","message"}]`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => {
      const [first, ...rest] = flatten(errors);
      return new ValidationFailed(first?.message ?? 'Invalid request', first?.id ?? '*', rest);
    },
  });
}
