import type { CorsOptions } from 'cors';

/** The one CORS policy, for Express and the hot routes alike: the configured origin, with credentials. */
export function corsOptions(origin: string): CorsOptions {
  return { origin, credentials: true };
}
