import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretCreateService } from '../secrets/secret-create.service';
import { SecretUpdateService } from '../secrets/secret-update.service';
import { SecretsModule } from '../secrets/secrets.module';
import { CiSecrets } from './ci-secrets';
import { DroneController } from './drone/drone.controller';
import { DroneService } from './drone/drone.service';
import { IntegrationEntity, SignatureReplayEntity } from './integration.entity';
import { IntegrationAuth } from './integration-auth';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRepository } from './integrations.repository';
import { IntegrationsService } from './integrations.service';
import { MetronomeController } from './metronome/metronome.controller';
import { MetronomeService } from './metronome/metronome.service';
import { SignatureReplaysRepository } from './signatures/signature-replays.repository';
import { WoodpeckerController } from './woodpecker/woodpecker.controller';
import { WoodpeckerCrudService } from './woodpecker/woodpecker-crud.service';
import { WoodpeckerService } from './woodpecker/woodpecker.service';

/** CI adapters (ci-adapters.md): integrations, Drone, Woodpecker and Metronome-style secrets. */
@Module({
  imports: [TypeOrmModule.forFeature([IntegrationEntity, SignatureReplayEntity]), SecretsModule],
  controllers: [IntegrationsController, DroneController, WoodpeckerController, MetronomeController],
  providers: [
    IntegrationsRepository,
    SignatureReplaysRepository,
    IntegrationsService,
    IntegrationAuth,
    CiSecrets,
    DroneService,
    WoodpeckerService,
    WoodpeckerCrudService,
    MetronomeService,
    // Not exported by SecretsModule; stateless, so this module's own instances behave the same.
    SecretCreateService,
    SecretUpdateService,
  ],
})
export class IntegrationsModule {}
