import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditQueryModule } from './audit-query/audit-query.module';
import { ConsoleModule } from './console/console.module';
import { ConsoleCompatModule } from './console-compat/console-compat.module';
import { HotRoutesModule } from './hot-routes/hot-routes.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { OrgsModule } from './orgs/orgs.module';
import { ProjectsModule } from './projects/projects.module';
import { SecretsModule } from './secrets/secrets.module';
import { ServerModule } from './server/server.module';
import { TeamsModule } from './teams/teams.module';
import { UsersModule } from './users/users.module';

/** Feature modules, one per domain folder. */
export const FEATURE_MODULES = [
  ServerModule,
  UsersModule,
  ApiKeysModule,
  ConsoleModule,
  ConsoleCompatModule,
  OrgsModule,
  TeamsModule,
  ProjectsModule,
  SecretsModule,
  IntegrationsModule,
  AuditQueryModule,
  HotRoutesModule,
];
