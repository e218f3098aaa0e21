import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, AppConfig } from './config/config';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { dataSourceOptions } from './database/data-source';
import { FEATURE_MODULES } from './features';
import { MetricsModule } from './metrics/metrics.module';
import { AdminBootstrap } from './users/admin-bootstrap';

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
        TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl), manualInitialization: options.offline }),
        MetricsModule,
        DatabaseModule,
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
