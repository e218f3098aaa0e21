import type { IntegrationKind } from './integration.entity';

/** The path a CI server is configured with, relative to Strongroom's base URL. */
export function endpointOf(kind: IntegrationKind, id: string, token?: string): string {
  switch (kind) {
    case 'drone':
      return `/api/ext/drone/${id}`;
    case 'drone-legacy':
      return `/api/ext/drone-legacy/${id}/${token ?? '{token}'}`;
    case 'woodpecker':
      return `/api/ext/woodpecker/${id}`;
  }
}
