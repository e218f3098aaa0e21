import { Global, Module } from '@nestjs/common';
import { RequestPipeline } from './request-pipeline';

/** The request pipeline every request runs before routing (src/http/request-pipeline.ts). */
@Global()
@Module({ providers: [RequestPipeline], exports: [RequestPipeline] })
export class HttpModule {}
