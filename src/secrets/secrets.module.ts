import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MultipartInterceptor, MultipartReader } from '../http/multipart';
import { ConcordLegacyRepository } from './concord-legacy.repository';
import { ConcordLegacySecrets } from './concord-legacy-secrets';
import { KeyRotationRepository } from './key-rotation.repository';
import { KeyRotationService } from './key-rotation.service';
import { SecretEntity, SecretProjectEntity, SecretTeamAccessEntity } from './secret.entity';
import { SecretAccessRulesController } from './secret-access-rules.controller';
import { SecretAccessRulesService } from './secret-access-rules.service';
import { SecretCreateService } from './secret-create.service';
import { SecretDataService } from './secret-data.service';
import { SecretLookup } from './secret-lookup';
import { SecretReadRepository } from './secret-read.repository';
import { SecretStoresController } from './secret-stores.controller';
import { SecretUpdateService } from './secret-update.service';
import { SecretsRepository } from './secrets.repository';
import { SecretsService } from './secrets.service';
import { SecretsV1Controller } from './secrets-v1.controller';
import { SecretsV2Controller } from './secrets-v2.controller';

@Module({
  imports: [TypeOrmModule.forFeature([SecretEntity, SecretProjectEntity, SecretTeamAccessEntity])],
  controllers: [SecretsV1Controller, SecretsV2Controller, SecretStoresController, SecretAccessRulesController],
  providers: [
    SecretsRepository,
    SecretReadRepository,
    SecretLookup,
    SecretsService,
    SecretCreateService,
    SecretUpdateService,
    SecretDataService,
    ConcordLegacySecrets,
    ConcordLegacyRepository,
    SecretAccessRulesService,
    MultipartReader,
    MultipartInterceptor,
    KeyRotationRepository,
    KeyRotationService,
  ],
  exports: [
    SecretsRepository,
    SecretReadRepository,
    SecretLookup,
    SecretsService,
    SecretCreateService,
    SecretDataService,
    MultipartReader,
    KeyRotationService,
  ],
})
export class SecretsModule {}
