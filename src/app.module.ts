import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, AppConfig } from './config/config';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { serverDataSourceOptions } from './database/data-source';
import { FEATURE_MODULES } from './features';
import { HttpModule } from './http/http.module';
import { MetricsModule } from './metrics/metrics.module';
import { AdminBootstrap } from './startup/admin-bootstrap';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** For tooling that only reads route metadata (openapi generation): no connection is opened. */
  offline?: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...serverDataSourceOptions(options.databaseUrl, options.config.databaseTimeoutMs),
          // Each feature module registers its own entities (TypeOrmModule.forFeature).
          autoLoadEntities: true,
          manualInitialization: options.offline,
        }),
        MetricsModule,
        DatabaseModule,
        AccessModule,
        HttpModule,
        AuthModule,
        CryptoModule,
        AuditModule,
        ...FEATURE_MODULES,
      ],
      providers: [{ provide: APP_CONFIG, useValue: options.config }, AdminBootstrap],
      exports: [APP_CONFIG],
    };
  }
}
