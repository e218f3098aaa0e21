import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TEAM_ROLES, TeamRole } from '../../access/levels';
import { OrgRefEntry } from '../../users/dto/user.dto';

/** The console's login probe answer. Empty values are left out. */
export class WhoamiEntry {
  @ApiProperty({ enum: ['local', 'apikey', 'session'] }) realm!: 'local' | 'apikey' | 'session';
  @ApiProperty() username!: string;
  @ApiPropertyOptional() userDomain?: string;
  @ApiProperty({ description: 'Falls back to the username' }) displayName!: string;
  @ApiPropertyOptional({ type: [OrgRefEntry], description: 'Orgs where the user is in a team' }) orgs?: OrgRefEntry[];
}

export class UserTeamEntry {
  @ApiProperty() orgName!: string;
  @ApiProperty() teamName!: string;
  @ApiProperty({ enum: TEAM_ROLES }) role!: TeamRole;
}

export class UserInfoEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({ type: [UserTeamEntry] }) teams?: UserTeamEntry[];
  @ApiPropertyOptional({ type: [String] }) roles?: string[];
}
