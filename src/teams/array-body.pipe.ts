import { Injectable, PipeTransform, Type } from '@nestjs/common';
import { ValidationFailed } from '../common/errors';
import { createValidationPipe } from '../common/validation.pipe';

/**
 * A JSON-array body. The global validation pipe skips arrays, so each item is checked here with the
 * same rules (and the same 400 shape); `String` items must simply be strings.
 */
@Injectable()
export class ArrayBodyPipe<T> implements PipeTransform<unknown, Promise<T[]>> {
  private readonly items = createValidationPipe();

  constructor(private readonly itemType: Type<T> | StringConstructor) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value)) throw new ValidationFailed('Expected a JSON array body');
    const out: T[] = [];
    for (const [index, item] of value.entries()) {
      out.push(await this.item(item, index));
    }
    return out;
  }

  private async item(item: unknown, index: number): Promise<T> {
    if (this.itemType === String) {
      if (typeof item !== 'string') throw new ValidationFailed(`Expected a string at [${index}]`, `[${index}]`);
      return item as T;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new ValidationFailed(`Expected an object at [${index}]`, `[${index}]`);
    }
    return (await this.items.transform(item, { type: 'body', metatype: this.itemType })) as T;
  }
}
