import { Module } from '@nestjs/common';
import { SecretsModule } from '../secrets/secrets.module';
import { HotRoutes } from './hot-routes';

@Module({
  imports: [SecretsModule],
  providers: [HotRoutes],
  exports: [HotRoutes],
})
export class HotRoutesModule {}
