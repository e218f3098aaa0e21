import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts every layer may need (log lines, audit rows) without threading them through calls. */
export interface RequestContext {
  requestId: string;
  ip: string;
  /** `UI` when the console sent `X-Concord-UI-Request: true`. */
  source: 'API_REQUEST' | 'UI' | 'SYSTEM';
  /** The caller once authenticated (a Principal of src/identity/; the access log needs only its id). */
  principal?: { readonly userId: string };
  /** The route template, when known before routing (the hot routes); Express's choice otherwise. */
  route?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequest(): RequestContext | undefined {
  return requestContext.getStore();
}
