import { ApiKeyEntity } from './api-keys/api-key.entity';
import { ConcordImportRecordEntity } from './concord-import/concord-import-record.entity';
import { AuditEventEntity } from './audit/audit-event.entity';
import { FailureCounterEntity } from './auth/failure-counter.entity';
import { SessionEntity } from './auth/session.entity';
import { IntegrationEntity, SignatureReplayEntity } from './integrations/integration.entity';
import { OrgEntity } from './orgs/org.entity';
import { ProjectEntity } from './projects/project.entity';
import { SecretEntity, SecretProjectEntity, SecretTeamAccessEntity } from './secrets/secret.entity';
import { TeamEntity, TeamMemberEntity } from './teams/team.entity';
import { UserEntity } from './users/user.entity';
import { ServerStateEntity } from './database/server-state.entity';

/**
 * Every entity, listed once, for the tools that open their own connection (migration check, key
 * rotation, the Concord import). The server itself loads the entities its modules register: each feature
 * module registers its own (TypeOrmModule.forFeature), and test/cross-cutting/migrations.spec.ts checks both agree.
 */
export const ENTITIES = [
  UserEntity,
  ApiKeyEntity,
  OrgEntity,
  TeamEntity,
  TeamMemberEntity,
  ProjectEntity,
  SessionEntity,
  ServerStateEntity,
  SecretEntity,
  SecretProjectEntity,
  SecretTeamAccessEntity,
  AuditEventEntity,
  FailureCounterEntity,
  IntegrationEntity,
  SignatureReplayEntity,
  ConcordImportRecordEntity,
];
