import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SecretsModule } from '../secrets/secrets.module';
import { HotRoutes } from './hot-routes';

/** The fast path for handlers marked `@HotRoute()`; it imports the modules whose controllers carry them. */
@Module({
  imports: [DiscoveryModule, SecretsModule],
  providers: [HotRoutes],
  exports: [HotRoutes],
})
export class HotRoutesModule {}
