import type { IncomingMessage } from 'node:http';
import { Counter, Histogram, type MetricType, Registry } from 'prom-client';

/**
 * Request counts and latencies by method, route template and status, kept in plain counters: a
 * request costs three map lookups and a few additions, no allocation once its series exists.
 * prom-client reads them only when /metrics is scraped. The route is the template
 * (`/api/v1/org/:orgName/secret/:secretName`), never a name from the path, so the number of series
 * is bounded by the routes, methods and statuses the server has.
 */

/** Seconds; Prometheus's usual web latency buckets, with finer steps under 10 ms where reads land. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route label of a request answered before any route was chosen (unknown path, refused body). */
export const UNMATCHED_ROUTE = 'unmatched';

interface Series {
  method: string;
  route: string;
  status: number;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  buckets: Float64Array;
}

const byRoute = new Map<string, Map<string, Map<number, Series>>>();

function seriesFor(method: string, route: string, status: number): Series {
  let methods = byRoute.get(route);
  if (!methods) byRoute.set(route, (methods = new Map<string, Map<number, Series>>()));
  let statuses = methods.get(method);
  if (!statuses) methods.set(method, (statuses = new Map<number, Series>()));
  let series = statuses.get(status);
  if (!series) {
    series = { method, route, status, count: 0, sum: 0, buckets: new Float64Array(BUCKETS.length + 1) };
    statuses.set(status, series);
  }
  return series;
}

/** The template of the route Express chose for a request, if it chose one. */
function expressRoute(req: IncomingMessage): string | undefined {
  const path = (req as { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' ? path : undefined;
}

/**
 * Counts one answered request. Called where the access log line is written, for the hot routes and
 * for Nest alike; `route` is the template when the caller knows it (the hot routes).
 */
export function recordRequestMetrics(
  req: IncomingMessage,
  status: number,
  route: string | undefined,
  seconds: number,
): void {
  const series = seriesFor(req.method ?? 'UNKNOWN', route ?? expressRoute(req) ?? UNMATCHED_ROUTE, status);
  series.count++;
  series.sum += seconds;
  let i = 0;
  while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
  series.buckets[i]++;
}

function allSeries(): Series[] {
  const all: Series[] = [];
  for (const methods of byRoute.values()) for (const statuses of methods.values()) all.push(...statuses.values());
  return all;
}

type Label = 'method' | 'route' | 'status';

const DURATION = 'strongroom_http_request_duration_seconds';
// prom-client's types declare MetricType as an enum that its JavaScript does not export.
const HISTOGRAM_TYPE = 'histogram' as unknown as MetricType;

/** The latency histogram, read from the counters above at scrape time. */
class RequestDurationHistogram extends Histogram<Label | 'le'> {
  constructor(registry: Registry) {
    super({
      name: DURATION,
      help: 'Time from the start of a request to the end of its response, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  override async get() {
    const values = allSeries().flatMap((s) => {
      const labels = { method: s.method, route: s.route, status: s.status };
      let cumulative = 0;
      const buckets = BUCKETS.map((le, i) => {
        cumulative += s.buckets[i];
        return { labels: { ...labels, le }, value: cumulative, metricName: `${DURATION}_bucket` };
      });
      return [
        ...buckets,
        { labels: { ...labels, le: '+Inf' }, value: s.count, metricName: `${DURATION}_bucket` },
        { labels, value: s.sum, metricName: `${DURATION}_sum` },
        { labels, value: s.count, metricName: `${DURATION}_count` },
      ];
    });
    return {
      name: DURATION,
      help: 'Time from the start of a request to the end of its response, by method, route template and status',
      type: HISTOGRAM_TYPE,
      values,
      aggregator: 'sum' as const,
      collect: () => {},
    };
  }

  // prom-client's registry prefers this to get() when a metric has it (Histogram does).
  getForPromString() {
    return this.get();
  }
}

/** Registers the request counter and latency histogram on `registry`. */
export function registerRequestMetrics(registry: Registry): void {
  new Counter<Label>({
    name: 'strongroom_http_requests_total',
    help: 'Requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of allSeries()) this.inc({ method: s.method, route: s.route, status: s.status }, s.count);
    },
  });
  new RequestDurationHistogram(registry);
}
