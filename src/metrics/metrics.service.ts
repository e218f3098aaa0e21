import { Inject, Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AppError } from '../common/errors';
import { constantTimeEqual } from '../crypto/random';
import { registerRequestMetrics } from './request-metrics';

/** 401 for /metrics without the configured bearer token; never the API-key challenge. */
export class MetricsTokenRequired extends AppError {
  readonly status = 401;
  readonly body = 'text';
  constructor() {
    super('GET /metrics needs Authorization: Bearer <the value of STRONGROOM_METRICS_TOKEN>');
    this.headers['WWW-Authenticate'] = 'Bearer realm="metrics"';
  }
}

let processRegistry: Registry | undefined;

/** Process-wide series (Node's own metrics, HTTP requests): one set per process, made on first use. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    registerRequestMetrics(processRegistry);
  }
  return processRegistry;
}

type NoRegisters<T> = Omit<T, 'registers'>;

/**
 * The application's Prometheus metrics. Parts of the server register their own series here
 * (database pool, KDF queue, key pool, lockouts, audit writes); /metrics serves them with the
 * process-wide ones, in Prometheus's text format.
 */
@Injectable()
export class Metrics {
  private readonly registry = new Registry();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  counter<T extends string>(config: NoRegisters<CounterConfiguration<T>>): Counter<T> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  gauge<T extends string>(config: NoRegisters<GaugeConfiguration<T>>): Gauge<T> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<T extends string>(config: NoRegisters<HistogramConfiguration<T>>): Histogram<T> {
    return new Histogram({ ...config, registers: [this.registry] });
  }

  /** The exposition text, after checking the bearer token when STRONGROOM_METRICS_TOKEN is set. */
  async scrape(authorization: string | undefined): Promise<string> {
    const token = this.config.operations.metricsToken;
    if (token !== undefined) {
      const offered = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '';
      if (!constantTimeEqual(offered, token)) throw new MetricsTokenRequired();
    }
    return (await processMetrics().metrics()) + (await this.registry.metrics());
  }
}
