import { Global, Module } from '@nestjs/common';
import { AccessRepository } from './access.repository';
import { AuditAccess } from './audit-access';
import { CreateAccess } from './create-access';
import { IntegrationAccess } from './integration-access';
import { OrgAccess } from './org-access';
import { ProjectAccess } from './project-access';
import { SecretAccess } from './secret-access';
import { TeamAccess } from './team-access';

const DECISIONS = [OrgAccess, SecretAccess, TeamAccess, ProjectAccess, IntegrationAccess, AuditAccess, CreateAccess];

/**
 * Every allow/deny decision of the server (see README "Access model"). Global: every feature asks
 * it; it asks no feature, reading the membership and rule tables through its own repository.
 */
@Global()
@Module({
  providers: [AccessRepository, ...DECISIONS],
  exports: DECISIONS,
})
export class AccessModule {}
