import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_LEVELS, AccessLevel } from '../../access/levels';

/** One team's access level on a project, as Concord lists it (with the team's org name). */
export class ProjectAccessRuleEntry {
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ enum: ACCESS_LEVELS }) level!: AccessLevel;
}
