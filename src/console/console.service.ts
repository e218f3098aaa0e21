import { Injectable } from '@nestjs/common';
import { Principal } from '../identity/principal';
import { UsersRepository } from '../users/users.repository';
import { UserInfoEntry, WhoamiEntry } from './dto/console.dto';

/** What the console shows about the signed-in user (`whoami`). */
@Injectable()
export class ConsoleService {
  constructor(private readonly users: UsersRepository) {}

  async whoami(p: Principal): Promise<WhoamiEntry> {
    const entry: WhoamiEntry = { realm: p.realm, username: p.username, displayName: p.displayName || p.username };
    if (p.userDomain) entry.userDomain = p.userDomain;
    const orgs = await this.users.orgsOf(p.userId);
    if (orgs.length > 0) entry.orgs = orgs.map((o) => ({ id: o.id, name: o.name }));
    return entry;
  }

  async userInfo(p: Principal): Promise<UserInfoEntry> {
    const entry: UserInfoEntry = { id: p.userId, displayName: p.displayName || p.username };
    const teams = await this.users.teamsOf(p.userId);
    if (teams.length > 0) entry.teams = teams.map((t) => ({ orgName: t.orgName, teamName: t.teamName, role: t.role }));
    if (p.roles.length > 0) entry.roles = [...p.roles];
    return entry;
  }

  /** A Basic login always opens a session; an API-key login only when the client asks for one. */
  wantsSession(p: Principal, enableSessionHeader: string | undefined): boolean {
    if (p.realm === 'local') return true;
    return p.realm === 'apikey' && enableSessionHeader?.trim().toLowerCase() === 'true';
  }
}
