import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export type OperationResult = 'CREATED' | 'UPDATED' | 'DELETED' | 'ALREADY_EXISTS' | 'NOT_FOUND';
export const OPERATION_RESULTS: OperationResult[] = ['CREATED', 'UPDATED', 'DELETED', 'ALREADY_EXISTS', 'NOT_FOUND'];

/** `{"ok":true,"result":...}`, Concord's generic success body. */
export class GenericOperationResult {
  @ApiProperty({ example: true }) ok!: boolean;
  @ApiProperty({ enum: OPERATION_RESULTS }) result!: OperationResult;
}

export class CreateOrUpdateResult extends GenericOperationResult {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class OkResult {
  @ApiProperty({ example: true }) ok!: boolean;
}

export class PingResult {
  @ApiProperty({ example: true }) ok!: boolean;
}

export class VersionResult extends PingResult {
  @ApiProperty() version!: string;
  @ApiPropertyOptional() commitId?: string;
  @ApiProperty() env!: string;
}

export function done(result: OperationResult): GenericOperationResult {
  return { ok: true, result };
}
