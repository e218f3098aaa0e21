import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/principal';
import { CreatableKind, mayCreateKind } from './create-policy';
import { OrgAccess, OrgRecord } from './org-access';
import { TeamAccess } from './team-access';

/** "May this caller create one of these in this org?", answered by the rules the create routes enforce. */
@Injectable()
export class CreateAccess {
  constructor(
    private readonly orgAccess: OrgAccess,
    private readonly teamAccess: TeamAccess,
  ) {}

  async mayCreate(p: Principal, org: Pick<OrgRecord, 'id' | 'ownerId'>, kind: CreatableKind): Promise<boolean> {
    switch (kind) {
      case 'SECRET':
      case 'PROJECT':
        return mayCreateKind(kind, { actsAsMember: await this.orgAccess.actsAsMember(p, org), mayCreateTeam: false });
      case 'TEAM':
        return mayCreateKind(kind, { actsAsMember: false, mayCreateTeam: await this.teamAccess.mayCreate(p, org) });
      case 'JSON_STORE':
        return mayCreateKind(kind, { actsAsMember: false, mayCreateTeam: false });
    }
  }
}
